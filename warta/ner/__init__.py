"""Statistical named-entity recognition: corpora, features, the CRF model, scoring. The entities stage uses
the shipped model (`warta/models/ner/`) beside the knowledge base; `warta train ner` rebuilds it."""
