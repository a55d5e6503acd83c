"""Alerts that reach people (peringatan): the alert runner sends the queued deliveries of the store
(`warta.store.deliveries`) to webhooks (signed JSON, `webhook`) and by e-mail (`email`), and each watchlist has
an Atom feed of its newest matches (`atom`). See docs/alerts.md."""
