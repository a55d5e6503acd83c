"""The crawler: discovery (feeds, sitemaps, section pages, URL lists), polite fetching, a frontier kept in the store."""
