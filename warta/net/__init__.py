"""What reading from the network and from files share, below both `warta.sources` and `warta.crawl`: the
address guard (`guard`), httpx transports that connect only where it allows (`transport`), and bytes to text
(`decode`: charset detection, binary refusal, Content-Type parsing, html/jsonl/text detection)."""
