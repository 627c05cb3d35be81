"""What the hubs app reads, one module per kind."""
