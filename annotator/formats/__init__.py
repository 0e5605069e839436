"""Import and export formats, one module per format, registered in one place. Pure."""
