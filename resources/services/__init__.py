"""State changes of the resource hub, one module per sub-domain: the editorial workflow
and submissions (``resources``), files (``files``) and the search vectors (``search``)."""
