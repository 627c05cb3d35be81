from modeltranslation.translator import TranslationOptions, register

from .models import Partner, SupportType


@register(SupportType)
class SupportTypeTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("description",)
