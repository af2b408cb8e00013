"""YAML as people read it: keys in the models' order, accents kept, no line folding."""

from __future__ import annotations

from io import StringIO
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML


def dump_data(data: Any, *, inline_lists: bool = False) -> bytes:
    """YAML for `data`; short lists on one line (`[a, b]`) when `inline_lists`."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None if inline_lists else False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue().encode()


def dump_yaml(model: BaseModel) -> bytes:
    return dump_data(model.model_dump(mode="json", exclude_none=True, exclude_defaults=True))
