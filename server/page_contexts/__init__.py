"""Typed contexts of the pages: presentations of the read model (`interpellations.reading`).

One module per page or panel — names, labels in the reader's language, sanitised
HTML; the handlers in `server.pages` only parse the request, call one of these,
and render its template.
"""
