"""Registers our spaCy tokenizer when imported: for ``spacy train --code`` where the package's
``spacy_tokenizers`` entry point is not installed (a source checkout run with PYTHONPATH, or a
package installed before the entry point existed). Normally the entry point makes this file
unnecessary. Importing it imports spaCy.
"""

from annotator.formats.spacy_tokenizer import register

register()
