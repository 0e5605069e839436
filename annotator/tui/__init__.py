"""The Textual user interface. Draws and dispatches; holds no business rules."""
