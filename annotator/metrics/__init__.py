"""Evaluation and agreement metrics. Pure (no Textual)."""
