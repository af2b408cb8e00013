"""User Markdown to HTML that is safe to show: raw HTML off, then an allow-list sanitiser.

Two layers on purpose: markdown-it's `js-default` preset never emits the raw HTML
a text may contain, and nh3 (ammonia) removes anything outside a short
allow-list from what it does emit, so no script gets through a text or comment.
"""

from __future__ import annotations

import re
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


# What a letter never holds, typed or pasted into a text: HTML that runs or loads
# something, an event handler, a `javascript:` address. The pages would show it as
# harmless text; refusing it at the save tells the writer at once.
CODE = re.compile(
    r"<\s*/?\s*(?:script|iframe|object|embed|style|svg|math|form|input|img|link|meta|base)\b"
    r"|<[^>]*\son[a-z]+\s*="
    r"|\bjavascript\s*:",
    re.IGNORECASE,
)


def code_in(text: str) -> tuple[int, str] | None:
    """The line (from 1) and the words of the first piece of code in a text, if any."""
    found = CODE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return line, found.group(0)[:40]
