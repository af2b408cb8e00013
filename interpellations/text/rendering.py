"""User Markdown to HTML that is safe to show: raw HTML off, then an allow-list sanitiser.

Two layers on purpose: markdown-it's `js-default` preset never emits the raw HTML
a text may contain, and nh3 (ammonia) removes anything outside a short
allow-list from what it does emit, so no script gets through a text or comment.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "ins",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("js-default")


@lru_cache(maxsize=2048)  # the same texts are shown again and again
def render_markdown(text: str) -> str:
    """Sanitised HTML of a Markdown text."""
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
