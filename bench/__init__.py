"""The benchmark suite of issue 17 (``make bench``): see ``docs/performance.md``."""
