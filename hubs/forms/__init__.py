"""The hubs app's forms, one module per kind."""
