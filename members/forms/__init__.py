"""Forms of the member portal, one module per sub-domain (the admin's are in
``members.admin.forms``). Callers import the sub-module; nothing is re-exported here."""
