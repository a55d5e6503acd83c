"""Reports (laporan): what a region's or a watchlist's news said over a day, a week or a month, compared with the
period before, built from the store (`data.build_report`) and rendered as Markdown, HTML, PDF or XLSX
(`render`, `sheets`), with charts drawn by pygal (`charts`). docs/report.md describes them."""
