"""Project layout on disk, safe YAML, atomic writes and locks. Pure (no Textual)."""
