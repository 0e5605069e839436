"""The ``config.cfg`` that ``annotator export --to spacy`` writes next to its ``.spacy`` files.

With it, ``python -m spacy train config.cfg`` trains a blank Arabic NER pipeline on exactly the
exported tokens: the config is spaCy's own recommended one for ``ar`` + ``ner`` on CPU
(``spacy init config``), with three changes:

- ``[nlp.tokenizer]`` is ours (``annotator.arabic_tokenizer.v1``, see spacy_tokenizer.py) with
  the export's ``split_clitics``, so spaCy does not re-tokenise the texts its own way and no
  entity is misaligned;
- ``[paths] train`` / ``dev`` name the exported parts (absolute paths: training works from any
  folder; ``--paths.train`` on spaCy's command line overrides them);
- the entity labels are listed in the header comment; spaCy's NER takes them from the
  training data (the ``doc.ents`` of the exported Docs).

``config_text`` is the pure part (spaCy builds and checks the config; nothing is written).
``write_config`` writes it; a trainer (``annotator suggest``) calls it
with its own paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.formats.base import WriteOptions
from annotator.formats.spacy_shape import entity_labels
from annotator.formats.spacy_tokenizer import REGISTERED_NAME, register
from annotator.store.atomic import write_atomic

CONFIG_NAME = "config.cfg"
#: Split part names that ``spacy train`` should evaluate on, best first.
DEV_NAMES = ("dev", "validation", "valid", "val", "test")


def config_text(
    *,
    train: Path,
    dev: Path,
    labels: Sequence[str],
    split_clitics: bool = False,
) -> str:
    """The text of a ``spacy train`` config for a blank Arabic NER pipeline on our tokens.

    ``labels`` are the entity labels (those in ``doc.ents``), named in the header.
    """
    from annotator.formats.spacy_docbin import require_spacy

    require_spacy()
    from spacy.cli.init_config import init_config

    config = init_config(lang="ar", pipeline=["ner"], optimize="efficiency", gpu=False)
    config["paths"]["train"] = str(train)
    config["paths"]["dev"] = str(dev)
    config["nlp"]["tokenizer"] = {"@tokenizers": REGISTERED_NAME, "split_clitics": split_clitics}
    header = (
        "# Written by annotator export --to spacy: a blank Arabic NER pipeline trained on the\n"
        "# exported tokens (our tokenizer, below). Train with:\n"
        f"#   python -m spacy train {CONFIG_NAME} --output MODEL_DIR\n"
        f"# Entity labels: {', '.join(labels)}\n"
    )
    return header + config.to_str()


def write_config(
    folder: Path,
    *,
    train: Path,
    dev: Path,
    labels: Sequence[str],
    split_clitics: bool = False,
) -> list[Path]:
    """Write ``folder/config.cfg`` for training on the DocBins ``train`` and ``dev`` with
    entity ``labels``; returns the files written.

    The tokenizer is also registered in this process, so ``spacy.util.load_config`` +
    ``load_model_from_config`` work here even where the package's entry points are not
    installed.
    """
    register()
    folder = Path(folder)
    config_path = folder / CONFIG_NAME
    text = config_text(
        train=Path(train).resolve(),
        dev=Path(dev).resolve(),
        labels=labels,
        split_clitics=split_clitics,
    )
    write_atomic(config_path, text.encode("utf-8"))
    return [config_path]


def companion_files(folder: Path) -> list[Path]:
    """The files ``write_config`` writes into ``folder`` (checked before an export writes)."""
    return [folder / CONFIG_NAME]


def pick_parts(parts: Sequence[tuple[str, Path]]) -> tuple[Path, Path, str | None]:
    """The train and dev DocBins among an export's ``(part name, file)``, and a note when
    there is no separate dev part (spaCy then evaluates on the training data)."""
    if not parts:
        raise ValueError("no parts")
    by_name = dict(parts)
    train = by_name.get("train", parts[0][1])
    for name in DEV_NAMES:
        if name in by_name and by_name[name] != train:
            return train, by_name[name], None
    others = [path for _, path in parts if path != train]
    if others:
        return train, others[0], None
    return (
        train,
        train,
        f"{CONFIG_NAME}: no dev part (export with --split train=0.8,dev=0.2 for one); "
        "spaCy will evaluate on the training data",
    )


def finish_export(
    parts: Sequence[tuple[str, Path]],
    folder: Path,
    options: WriteOptions,
    present_labels: Sequence[str],
) -> tuple[list[Path], list[str]]:
    """After ``annotator export --to spacy`` wrote its parts: the config for them, in
    ``folder``. Returns the files written and notes for the user."""
    train, dev, note = pick_parts(parts)
    labels = entity_labels(options, present_labels)
    written = write_config(
        folder, train=train, dev=dev, labels=labels, split_clitics=options.split_clitics
    )
    notes = [
        f"wrote {written[0]} for: python -m spacy train {written[0]} --output MODEL_DIR "
        f"(tokenizer {REGISTERED_NAME}, entity labels {', '.join(labels) or 'none'})"
    ]
    if note:
        notes.append(note)
    if not entry_point_installed():
        from annotator.formats import spacy_register

        notes.append(
            f"the {REGISTERED_NAME} entry point is not installed (reinstall annotator: pip "
            f"install -e .); until then add --code {spacy_register.__file__} to spacy train"
        )
    return written, notes


def entry_point_installed() -> bool:
    """Whether ``spacy train`` finds our tokenizer by itself (the package's entry point)."""
    from importlib.metadata import entry_points

    return any(e.name == REGISTERED_NAME for e in entry_points(group="spacy_tokenizers"))
