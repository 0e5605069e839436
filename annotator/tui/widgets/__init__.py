"""Widgets of the annotation and adjudication screens."""
