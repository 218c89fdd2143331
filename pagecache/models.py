"""No tables: the module is here so that `migrate` and `flush` send this app post_migrate
(pagecache.invalidation moves every cached page on)."""
