"""Sub-commands of the ``annotator`` CLI, one module each (see annotator.cli)."""
