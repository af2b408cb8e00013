"""YAML as people read it (keys in the models' order, accents kept), and read fast.

Writing goes through ruamel so hand-edited files keep their shape. Reading on
the hot path (every journal and front matter of a page or a write) goes through
libyaml's C loader, about twenty times faster than ruamel's round-trip parser;
the slow parser is kept for what fails, to say at which line (`load_with_lines`).
ruamel is imported only when it is used: reading is what the command-line tool
does on every call, and its start-up counts.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import yaml
from pydantic import BaseModel


def dump_data(data: Any, *, inline_lists: bool = False) -> bytes:
    """YAML for `data`; short lists on one line (`[a, b]`) when `inline_lists`."""
    from ruamel.yaml import YAML

    writer = YAML(typ="safe", pure=True)
    writer.default_flow_style = None if inline_lists else False
    writer.allow_unicode = True
    writer.width = 4096
    writer.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = StringIO()
    writer.dump(data, out)
    return out.getvalue().encode()


def dump_yaml(model: BaseModel) -> bytes:
    return dump_data(model.model_dump(mode="json", exclude_none=True, exclude_defaults=True))


FastYAMLError = yaml.YAMLError


class _StrictLoader(yaml.CSafeLoader):
    """libyaml's safe loader, refusing a key given twice (ruamel does; PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # the keys as written: constructing them twice would double the work of a journal
        keys = [key.value if isinstance(key, yaml.ScalarNode) else id(key) for key, _ in node.value]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def fast_load(text: str | bytes) -> Any:
    """Parse YAML with the C parser (safe: plain data only, no tags that run code)."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a subclass of the safe loader


class LinedYAMLError(ValueError):
    """A syntax error, as the slow parser tells it: what is wrong, and its line (0-based)."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def load_with_lines(text: str) -> Any:
    """Parse YAML keeping where every value is (`problems.line_of` reads it).

    ruamel's round trip, twenty times slower than `fast_load`: for saying where
    a problem is. Raises `LinedYAMLError`.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").load(StringIO(text))
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = str(getattr(error, "problem", "") or error)
        raise LinedYAMLError(problem, mark.line if mark is not None else None) from error
