"""The site: what puts the apps together for readers (URLs, sitemaps, the page cache, robots,
error pages). It may import the apps; nothing imports it but settings."""
