"""Text analysis shared by the app, the formats and the metrics: tokens, sentences, Arabic
proclitics and search folding. Pure (no Textual)."""
