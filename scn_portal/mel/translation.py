from modeltranslation.translator import TranslationOptions, register

from .models import AnnualReportText, Indicator


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "definition")


@register(AnnualReportText)
class AnnualReportTextTranslation(TranslationOptions):
    fields = ("coming_priorities",)
