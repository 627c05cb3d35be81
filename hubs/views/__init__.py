"""The hubs app's pages, one module per kind."""
