from modeltranslation.translator import TranslationOptions, register

from .models import Resource, Theme


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
