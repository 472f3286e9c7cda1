"""One module per slide kind: each builds its content first, then places it."""
