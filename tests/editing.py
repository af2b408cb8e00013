"""The editor's page read as a browser would send it back: every field as filled."""

from __future__ import annotations

import html
import re


def editor_values(page: str) -> dict[str, object]:
    """The editor's fields as the page fills them (what a browser would send back)."""
    values: dict[str, object] = {}
    for tag, name, value in re.findall(r'(<input[^>]*)name="([^"]+)"[^>]*value="([^"]*)"', page):
        if 'type="checkbox"' not in tag and 'type="radio"' not in tag:
            values[name] = html.unescape(value)
    for name, value in re.findall(r'<textarea[^>]*name="(body_\w+)"[^>]*>([^<]*)</textarea>', page):
        values[name] = html.unescape(value)
    for name in ("theme", "group"):
        select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        values[name] = re.search(r'value="([^"]+)" selected', select)[1]  # type: ignore[index]
    for name in ("addressees", "copies"):
        values[name] = re.findall(rf'name="{name}" value="([^"]+)" checked', page)
    return values
