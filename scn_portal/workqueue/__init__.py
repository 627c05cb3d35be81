"""The staff work queue: what waits for a staff member today, across every app.

Each app registers its lines in its ``workqueue.py`` (``registry.register_line``); the page
asks each line for the items the person may see (hub staff: their hub's regions only),
counts them and shows the oldest. The platform knows no app.
"""
