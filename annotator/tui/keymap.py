"""A user's own keys: binding ids mapped to keys, from a small YAML file.

``~/.config/annotator/keymap.yaml`` (or ``--keymap FILE``) holds lines such as
``annotate.trim: ctrl+t`` or ``article.left: h``; the ids are listed by the help screen's
bindings and in docs/annotate.md.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from platformdirs import user_config_path
from textual.binding import Binding, BindingType

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


# -- the Arabic keyboard -----------------------------------------------------------------------
#
# Annotators of Arabic type with an Arabic layout; with it on, the key marked `a` sends ش, not
# `a`. Every single-letter binding also answers to the character the standard Arabic (101)
# layout puts on the same key, and the Arabic-Indic digits to their digits. Three shifted keys
# have no alias: Shift+T and Shift+G send two characters (لإ, لأ) and Shift+L sends "/", which
# is search.

#: Latin key -> the character the Arabic (101) layout puts on it.
ARABIC_101: dict[str, str] = {
    **dict(zip("qwertyuiop", "ضصثقفغعهخح", strict=True)),
    **dict(zip("asdfghjkl", "شسيبلاتنم", strict=True)),
    **dict(zip("zxcvnm", "ئءؤرىة", strict=True)),
    "Q": "\u064e",  # fatha
    "W": "\u064b",  # fathatan
    "E": "\u064f",  # damma
    "R": "\u064c",  # dammatan
    "Y": "إ",
    "U": "\u2018",
    "A": "\u0650",  # kasra
    "S": "\u064d",  # kasratan
    "H": "أ",
    "J": "\u0640",  # tatweel
    "X": "\u0652",  # sukun
    "N": "آ",
    "M": "\u2019",
    # Punctuation keys that are bound, by Textual's key names. Shift+, and Shift+. give "," and
    # "." on the Arabic layout, so < and > (other document) have no alias there.
    "slash": "ظ",
    "full_stop": "ز",
    "comma": "و",
    "question_mark": "؟",
    "left_square_bracket": "ج",
    "right_square_bracket": "د",
}

#: Digit -> Arabic-Indic digit (١ acts like 1).
ARABIC_DIGITS: dict[str, str] = {str(d): chr(0x660 + d) for d in range(10)}


def arabic_alias(key: str) -> str | None:
    """The key name Textual gives the Arabic-layout character on ``key``'s key, if any."""
    from textual.keys import _character_to_key

    char = ARABIC_101.get(key) or ARABIC_DIGITS.get(key)
    return _character_to_key(char) if char else None


def with_arabic_keys(keys: str) -> str:
    """``"t"`` -> ``"t,ف"``: a binding's key list with the Arabic-layout alias of each key."""
    out: list[str] = []
    for key in keys.split(","):
        key = key.strip()
        out.append(key)
        alias = arabic_alias(key)
        if alias and alias not in out:
            out.append(alias)
    return ",".join(out)


def arabic_bindings(bindings: list[BindingType]) -> list[BindingType]:
    """Bindings with the Arabic-layout aliases added to their keys (ids, descriptions and
    everything else unchanged, so a user keymap still remaps them by id)."""
    return [
        replace(b, key=with_arabic_keys(b.key)) if isinstance(b, Binding) else b for b in bindings
    ]
