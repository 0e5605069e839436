"""Right-to-left layout: bidi levels, shaping, wrapping and cell <-> offset maps. Pure."""
