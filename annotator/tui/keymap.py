"""A user's own keys: binding ids mapped to keys, from a small YAML file.

``~/.config/annotator/keymap.yaml`` (or ``--keymap FILE``) holds lines such as
``annotate.trim: ctrl+t`` or ``article.left: h``; the ids are listed by the help screen's
bindings and in docs/annotate.md.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path

from annotator.errors import FormatError
from annotator.store.yaml_safe import load_yaml_file


def default_keymap_path() -> Path:
    return user_config_path("annotator") / "keymap.yaml"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id -> keys; raises FileNotFoundError when there is no keymap file."""
    path = path or default_keymap_path()
    if not path.is_file():
        raise FileNotFoundError(path)
    data = load_yaml_file(path)
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise FormatError(
            "a keymap maps binding ids to keys, e.g. 'annotate.trim: ctrl+t'", file=path
        )
    return dict(data)
