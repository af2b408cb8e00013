"""Typed contexts of the reading pages, built from the index and the record.

One module per page or panel; the handlers in `server.pages` only parse the
request, call one of these, and render its template.
"""
