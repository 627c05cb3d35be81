"""Reads of governance, one module per sub-domain (``isc``, ``meetings``, ``minutes``,
``groups``); import the module you need."""
