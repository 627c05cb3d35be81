from modeltranslation.translator import TranslationOptions, register

from .models import FundRound, Partner, RubricCriterion, SupportKind, SupportType


@register(SupportType)
class SupportTypeTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("description",)


@register(SupportKind)
class SupportKindTranslation(TranslationOptions):
    fields = ("name", "description")


@register(FundRound)
class FundRoundTranslation(TranslationOptions):
    fields = ("title", "description")


@register(RubricCriterion)
class RubricCriterionTranslation(TranslationOptions):
    fields = ("title", "guidance")
