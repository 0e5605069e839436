"""Recommenders: objects that learn from finished annotation sets and propose spans with scores.

Pure logic (no Textual): ``base`` holds the small interface, ``matcher`` the string matcher,
``spacy_model`` the trained spaCy model, ``writing`` turns proposals into pre-annotation sets
and ``review`` merges them into an annotator's set and remembers rejections. See docs/suggest.md.
"""
