"""The baseline of the web benchmark: a bare Litestar page rendering a 50-item Jinja2 template.

No middleware, no guard, no database: one GET route and one template, served
exactly as the service is (granian, one process, ASGI, the same flags as
`server/__main__.py`). `python -m bench.bare_app --port N` serves it on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass

from granian import Granian
from granian.constants import Interfaces
from jinja2 import DictLoader, Environment, select_autoescape
from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template import TemplateConfig

ITEMS = 50

LAYOUT = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{% endblock %} — Coordination</title>
  <link rel="stylesheet" href="/static/style.css">
</head>
<body>
  <header>
    <nav><a href="/">Interpellations</a> <a href="/declaration">Accessibilité</a></nav>
  </header>
  <main id="content">{% block content %}{% endblock %}</main>
  <footer><p>Coordination sociale — {{ items | length }} éléments</p></footer>
</body>
</html>
"""

LIST = """{% extends "layout.html" %}
{% block title %}Liste{% endblock %}
{% block content %}
<h1>Interpellations</h1>
<ul class="list">
{% for item in items %}
  <li>
    <a href="/interpellations/{{ item.year }}/{{ item.slug }}">{{ item.title }}</a>
    <span class="meta">{{ item.theme }} · {{ item.group }} ·
      {{ item.updated.strftime("%d/%m/%Y") }}</span>
    <p>{{ item.excerpt }}</p>
  </li>
{% endfor %}
</ul>
{% endblock %}
"""


@dataclass(frozen=True)
class Item:
    year: int
    slug: str
    title: str
    theme: str
    group: str
    updated: dt.date
    excerpt: str


def items(count: int = ITEMS) -> list[Item]:
    """`count` list entries of about the size the service's list shows."""
    return [
        Item(
            year=2024 + number % 3,
            slug=f"acces-au-logement-pour-les-familles-{number:04d}",
            title=f"Accès au logement pour les familles monoparentales n° {number} & <suite>",
            theme="logement",
            group="gt-logement",
            updated=dt.date(2025, 1 + number % 12, 1 + number % 28),
            excerpt=(
                "Les familles suivies par le CPAS attendent en moyenne plus de deux ans "
                "un logement social ; nous demandons un plan d'action chiffré."
            ),
        )
        for number in range(count)
    ]


ENTRIES = items()


@get("/")
async def page() -> Template:
    return Template("list.html", context={"items": ENTRIES})


def create_app() -> Litestar:
    env = Environment(
        loader=DictLoader({"layout.html": LAYOUT, "list.html": LIST}),
        autoescape=select_autoescape(default=True),
    )
    return Litestar(
        route_handlers=[page],
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(env)),
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bare_app")
    parser.add_argument("--port", type=int, required=True)
    options = parser.parse_args(argv)
    Granian(
        "bench.bare_app:create_app",
        factory=True,
        interface=Interfaces.ASGI,
        address="127.0.0.1",
        port=options.port,
        workers=1,
    ).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
