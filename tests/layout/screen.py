"""Reading a laid-out line the way a person reads the screen, for assertions.

``screen_reading`` gives the line left to right, as drawn, except that each run of
right-to-left letters (Arabic, Hebrew; with their marks) is spelled in reading order, right to
left. So "2023 أغسطس/آب 24 في" says: on screen, from the left, you see 2023, then the word
أغسطس, then "/", then آب, then 24, then في. Presentation forms are read back as the letters
they show (NFKC), so shaped and unshaped lines read the same. Expected readings in the data
files are written by hand from UAX #9, not produced by the engine.
"""

from __future__ import annotations

import unicodedata

from annotator.layout import VisualLine


def _is_rtl_letter(text: str) -> bool:
    return bool(text) and unicodedata.bidirectional(text[0]) in ("R", "AL")


def screen_reading(line: VisualLine) -> str:
    """The line's drawn text, left to right, with right-to-left letter runs read right to left."""
    pieces: list[str] = []
    run: list[str] = []
    for cell in line.cells:
        text = unicodedata.normalize("NFKC", cell.text)
        if _is_rtl_letter(text):
            run.append(text)
            continue
        pieces.extend(reversed(run))
        run = []
        pieces.append(text)
    pieces.extend(reversed(run))
    return "".join(pieces)
