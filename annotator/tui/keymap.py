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
# layout puts on the same key, and the Arabic-Indic digits to their digits. Where X11's "ara"
# layout (the Linux one) sends something else on a key, that character is an alias too: it
# sends the lam-alef ligatures as one character (Shift+T, Shift+G, b, Shift+B), where Windows'
# 101 sends two (لإ, لأ, لا, لآ), which no binding can catch. Shift+L sends "/" on both, which
# is search, so L has no alias.

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
    "C": "}",
    "V": "{",
    "I": "\u00f7",  # division sign
    "O": "\u00d7",  # multiplication sign
    "P": "\u061b",  # Arabic semicolon
    "K": "\u060c",  # Arabic comma
    # Punctuation keys that are bound, by Textual's key names. Shift+, and Shift+. give "," and
    # "." on the Arabic layout, so < and > (other document) have no alias there.
    "slash": "ظ",
    "full_stop": "ز",
    "comma": "و",
    "question_mark": "؟",
    "left_square_bracket": "ج",
    "right_square_bracket": "د",
}

#: Where X11's "ara" layout differs from Windows' 101: Latin key -> the character it sends.
ARABIC_XKB: dict[str, str] = {
    "U": "`",
    "M": "'",
    "T": "\ufef9",  # lam-alef with hamza below, one character
    "G": "\ufef7",  # lam-alef with hamza above
    "b": "\ufefb",  # lam-alef
    "B": "\ufef5",  # lam-alef with madda
}

#: Digit -> Arabic-Indic digit (١ acts like 1).
ARABIC_DIGITS: dict[str, str] = {str(d): chr(0x660 + d) for d in range(10)}


def arabic_aliases(key: str) -> list[str]:
    """The key names Textual gives the characters Arabic layouts put on ``key``'s key: the
    101 layout's first, then X11's where it differs."""
    from textual.keys import _character_to_key

    chars = [table[key] for table in (ARABIC_101, ARABIC_DIGITS, ARABIC_XKB) if key in table]
    return list(dict.fromkeys(_character_to_key(char) for char in chars))


def arabic_alias(key: str) -> str | None:
    """The key name of the 101 layout's character on ``key``'s key (else X11's), if any."""
    aliases = arabic_aliases(key)
    return aliases[0] if aliases else None


def with_arabic_keys(keys: str) -> str:
    """``"t"`` -> ``"t,ف"``: a binding's key list with the Arabic-layout aliases of each key."""
    out: list[str] = []
    for key in keys.split(","):
        key = key.strip()
        out.append(key)
        out += [alias for alias in arabic_aliases(key) if alias not in out]
    return ",".join(out)


def arabic_bindings(bindings: list[BindingType]) -> list[BindingType]:
    """Bindings with the Arabic-layout aliases added to their keys (ids, descriptions and
    everything else unchanged, so a user keymap still remaps them by id)."""
    return [
        replace(b, key=with_arabic_keys(b.key)) if isinstance(b, Binding) else b for b in bindings
    ]


def key_names(keys: str) -> str:
    """``"a,1"`` -> ``"a ش 1 ١"``: keys and their Arabic-layout twins as a person reads them."""
    from textual.keys import key_to_character

    shown = []
    for key in with_arabic_keys(keys).split(","):
        char = key_to_character(key) if "+" not in key else None
        shown.append(char if char and char.isprintable() else key)
    return " ".join(shown)
