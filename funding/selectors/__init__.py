"""Read-only questions about funding, one module per kind: the year's ledger and
overdue instalments (``ledger``), what the public may see (``transparency``), and the
Technical Support Fund's (``fund``)."""
