"""Public pages built once for every anonymous visitor, and never stale (docs/operations.md,
"Crowds"). `tables` learns from the SQL which tables a page read and which a transaction wrote;
`store` keeps each page with the tokens of the tables it read; `middleware` builds and stores
pages inside Django; `asgi` serves a stored page before Django, without a thread or the
database."""
