"""Right-to-left without a second stylesheet: signs that point somewhere turn with the text.

The bidirectional algorithm mirrors brackets but not arrows: "before → after" reads
backwards in Arabic. ``arrow()`` points the way the current language reads.
"""

from django.utils import translation


def arrow() -> str:
    """ "→" in a left-to-right language, "←" in a right-to-left one."""
    return "←" if translation.get_language_bidi() else "→"
