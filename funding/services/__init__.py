"""State changes of the funding app, one module per kind."""
