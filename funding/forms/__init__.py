"""Forms of the funding app, one module per kind."""
