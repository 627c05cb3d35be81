"""State changes of the funding app, one module per kind: exchange rates (``rates``),
contributions and operating costs (``contributions``), partners (``partners``)."""
