"""Our tokenisation as a spaCy tokenizer, so ``spacy train`` sees exactly the exported tokens.

spaCy re-tokenises every training text with the pipeline's tokenizer and aligns the gold
entities to those tokens; where its own Arabic tokenizer does not split where we do
(``الزور(شرق``, ``الإيراني”.``), an entity silently loses its label. The config that
``annotator export --to spacy`` writes names this tokenizer instead
(``@tokenizers = "annotator.arabic_tokenizer.v1"``), found through the ``spacy_tokenizers``
entry point of our package, so training needs no ``--code``. It builds the same words and
spaces as the exported Docs (``spacy_shape.spacy_words`` over ``tokenization.tokens_for``).

spaCy is imported only when a tokenizer is made (the registration is an entry point, not a
decorator run at import), so importing this module stays cheap and spaCy-free.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.formats.tokenization import spacy_words, tokens_for

REGISTERED_NAME = "annotator.arabic_tokenizer.v1"
_SETTINGS_FILE = "annotator_tokenizer.json"


class ArabicTokenizer:
    """A spaCy tokenizer (``text -> Doc``) cutting text as ``annotator export`` does.

    ``split_clitics`` matches ``annotator export --split-clitics``. It holds no other state;
    the (de)serialisation methods keep that one setting so a trained pipeline saved to disk
    loads with the tokenisation it was trained on.
    """

    def __init__(self, vocab: Any, split_clitics: bool = False) -> None:
        self.vocab = vocab
        self.split_clitics = split_clitics

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        words = spacy_words(text, tokens_for(text, self.split_clitics))
        return Doc(
            self.vocab,
            words=[text[a:b] for a, b, _ in words],
            spaces=[space for _, _, space in words],
        )

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Any]:
        for text in texts:
            yield self(text)

    # spaCy saves and loads the tokenizer with the rest of a pipeline.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps({"split_clitics": self.split_clitics}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ArabicTokenizer:
        self.split_clitics = bool(json.loads(data.decode("utf-8")).get("split_clitics", False))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _SETTINGS_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ArabicTokenizer:
        settings = Path(path) / _SETTINGS_FILE
        if settings.is_file():
            self.from_bytes(settings.read_bytes())
        return self


def create_tokenizer(split_clitics: bool = False) -> Callable[[Any], ArabicTokenizer]:
    """The registered function (``annotator.arabic_tokenizer.v1``): spaCy calls it with the
    config's settings and then the result with the ``nlp`` object."""

    def make(nlp: Any) -> ArabicTokenizer:
        return ArabicTokenizer(nlp.vocab, split_clitics=split_clitics)

    return make


def register() -> None:
    """Register the tokenizer in this process (for code that builds a pipeline from our
    config without the package's entry points installed, e.g. from a source checkout)."""
    from spacy.util import registry

    if REGISTERED_NAME not in registry.tokenizers.get_all():
        registry.tokenizers.register(REGISTERED_NAME, func=create_tokenizer)
