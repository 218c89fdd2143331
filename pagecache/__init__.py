"""The page cache: every cached page's rendering, the one table of which models and fields feed
which cached topic, the invalidation that reads it, the Redis helpers and the cached user and
device rows (README: Layout)."""
