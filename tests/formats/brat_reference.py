"""A small reference reader for brat standoff, written from the specification only
(https://brat.nlplab.org/standoff.html and https://brat.nlplab.org/configuration.html), not
from our reader, to check the files our writer produces:

- ``.txt``: UTF-8 text; offsets are character offsets into it, end exclusive.
- ``.ann``: one annotation per line, ``ID<TAB>DATA[<TAB>TEXT]``:
  ``T``  ``TYPE START END[;START END...]`` then the covered text, fragments joined by a space;
  ``R``  ``TYPE Arg1:ID Arg2:ID``; ``A``/``M`` ``NAME ID [VALUE]``;
  ``#``  ``AnnotatorNotes ID`` then the note.
- ``annotation.conf``: sections ``[entities]``, ``[relations]`` (``TYPE Arg1:L1|L2, Arg2:L3``),
  ``[events]``, ``[attributes]`` (``NAME Arg:L1|L2, Value:V1|V2``).

It raises AssertionError on anything the specification does not allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Conf:
    entities: list[str] = field(default_factory=list)
    relations: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    attributes: dict[str, tuple[set[str], set[str] | None]] = field(default_factory=dict)


def read_conf(path: Path) -> Conf:
    conf = Conf()
    section = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            assert section in ("entities", "relations", "events", "attributes"), section
            continue
        if section == "entities":
            assert " " not in line.strip() and "\t" not in line.strip(), line
            conf.entities.append(line.strip())
        elif section == "relations":
            name, args = line.split(None, 1)
            parts = dict(a.strip().split(":", 1) for a in args.split(","))
            if name == "<OVERLAP>":
                assert parts["<OVL-TYPE>"] in ("contain", "equal", "cross", "<ANY>")
                continue
            conf.relations[name] = (set(parts["Arg1"].split("|")), set(parts["Arg2"].split("|")))
        elif section == "attributes":
            name, args = line.split(None, 1)
            parts = dict(a.strip().split(":", 1) for a in args.split(","))
            values = set(parts["Value"].split("|")) if "Value" in parts else None
            assert name not in conf.attributes, f"attribute {name} defined twice"
            conf.attributes[name] = (set(parts["Arg"].split("|")), values)
        else:
            raise AssertionError(f"line outside a known section: {line!r}")
    return conf


@dataclass
class Document:
    text: str
    entities: dict[str, tuple[str, list[tuple[int, int]], str]] = field(default_factory=dict)
    relations: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    attributes: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)


def read_document(ann: Path, conf: Conf) -> Document:
    text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
    doc = Document(text)
    content = ann.read_text(encoding="utf-8")
    lines = content.split("\n")
    assert lines[-1] == "", "the .ann file ends with a newline"
    assert len(content.splitlines()) == len(lines) - 1, "a line break inside an annotation line"
    for line in lines[:-1]:
        ident, rest = line.split("\t", 1)
        assert ident not in doc.entities and ident not in doc.relations, f"{ident} twice"
        kind = ident[0]
        assert ident[1:].isdigit(), ident
        if kind == "T":
            data, covered = rest.split("\t", 1)
            label, offsets = data.split(" ", 1)
            fragments = [tuple(int(x) for x in f.split(" ")) for f in offsets.split(";")]
            for start, end in fragments:
                assert 0 <= start < end <= len(text), (ident, start, end)
            assert covered == " ".join(text[a:b] for a, b in fragments), ident
            assert label in conf.entities, label
            doc.entities[ident] = (label, fragments, covered)  # type: ignore[assignment]
        elif kind == "R":
            rtype, arg1, arg2 = rest.split(" ")
            assert arg1.startswith("Arg1:") and arg2.startswith("Arg2:")
            a, b = arg1[5:], arg2[5:]
            assert a in doc.entities and b in doc.entities, "relations follow their spans"
            from_ok, to_ok = conf.relations[rtype]
            assert doc.entities[a][0] in from_ok and doc.entities[b][0] in to_ok
            doc.relations[ident] = (rtype, a, b)
        elif kind in "AM":
            parts = rest.split(" ", 2)
            name, target = parts[0], parts[1]
            value = parts[2] if len(parts) == 3 else None
            labels, values = conf.attributes[name]
            assert doc.entities[target][0] in labels
            assert values is None or value in values, (name, value)
            doc.attributes[ident] = (name, target, value)
        elif kind == "#":
            data, note = rest.split("\t", 1)
            note_type, target = data.split(" ")
            assert note_type == "AnnotatorNotes" and target in doc.entities
            doc.notes[ident] = (target, note)
        else:
            raise AssertionError(f"unexpected annotation {ident}")
    return doc


def read_collection(folder: Path) -> dict[str, Document]:
    conf = read_conf(folder / "annotation.conf")
    return {ann.stem: read_document(ann, conf) for ann in sorted(folder.glob("*.ann"))}
