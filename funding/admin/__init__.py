"""The funding app's admin, one module per kind (``partners``, ``donors``,
``contributions``, ``fees``, ``fund``). The order of these imports is the order the section
lists them in: the way staff work, from who gives to what they gave, then the Technical
Support Fund."""

# isort: off
from . import partners  # noqa: F401
from . import donors  # noqa: F401
from . import contributions  # noqa: F401
from . import fees  # noqa: F401
from . import fund  # noqa: F401
# isort: on
