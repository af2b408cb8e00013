"""Every visible string has its Dutch translation, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "interpellations" / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
METHODS = [
    ("interpellations/**.py", "python"),
    ("server/**.py", "python"),
    ("templates/**.html", "jinja2"),
]


def _source_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        ROOT,
        method_map=METHODS,
        keywords={"N_": None, "_": None, "gettext": None, "ngettext": (1, 2)},
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_string_has_a_dutch_translation() -> None:
    with CATALOG.open("rb") as source_file:
        catalog = read_po(source_file, locale="nl")
    missing = []
    for source in sorted(_source_messages()):
        entry = catalog.get(source) or next(
            (m for m in catalog if isinstance(m.id, tuple) and m.id[0] == source), None
        )
        strings = entry.string if entry else None
        texts = list(strings) if isinstance(strings, tuple) else [strings]
        if entry is None or entry.fuzzy or not all(texts):
            missing.append(source)
            continue
        for text in texts:
            assert set(PLACEHOLDER.findall(text or "")) == set(PLACEHOLDER.findall(source)), source
    assert not missing, f"sans traduction néerlandaise : {missing}"
