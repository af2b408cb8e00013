"""The web layer: Litestar pages and JSON API over the `interpellations` domain."""
