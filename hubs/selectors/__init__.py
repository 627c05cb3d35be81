"""Read-only questions of the hubs app, one module per kind (``coverage``)."""
