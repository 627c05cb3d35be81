from modeltranslation.translator import TranslationOptions, register

from .models import Resource


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "summary")
