"""The public read API (``/api/v1/``): what the network's website and partners may read.

Read-only JSON for anonymous clients, built with Django REST framework and described by an
OpenAPI 3 schema (drf-spectacular) with its documentation page served by the portal
itself. Every endpoint lists exactly the fields it exposes (``serializers``); only public
records appear: listed member cities, published public resources, the ISC's current
members, published minutes. The language is the ``lang`` parameter, else
``Accept-Language``. Answers carry an ETag and may be cached for a few minutes; anonymous
clients are throttled (``API_ANON_RATE``); any origin may read them (CORS, GET only).
"""
