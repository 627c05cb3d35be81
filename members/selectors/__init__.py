"""Reads of the members app, one module per sub-domain: ``portal`` (an official's cities and
their pages), ``directory`` (the public pages), ``applications`` (applications as a whole),
``people`` (who is told). Callers import the sub-module; nothing is re-exported here."""
