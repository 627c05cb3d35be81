"""The resource hub's records, one module per kind: the resources with their files and
themes (``resources``)."""

from .resources import SEARCH_CONFIGS, Resource, ResourceFile, Theme

__all__ = ["SEARCH_CONFIGS", "Resource", "ResourceFile", "Theme"]
