from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Hub


@register(Hub)
class HubTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")
