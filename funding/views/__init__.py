"""The funding app's views, one module per kind."""
