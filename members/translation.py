from modeltranslation.translator import TranslationOptions, register

from .models import (
    CertificateSettings,
    DisputedTerritory,
    GuidingPrinciple,
    LocalGovernment,
    MembershipTerms,
    Organisation,
    Region,
    StrategicPriority,
)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(StrategicPriority)
class StrategicPriorityTranslation(TranslationOptions):
    fields = ("title", "description")


@register(GuidingPrinciple)
class GuidingPrincipleTranslation(TranslationOptions):
    fields = ("text",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)


@register(LocalGovernment)
class LocalGovernmentTranslation(TranslationOptions):
    fields = ("name", "profile")


@register(MembershipTerms)
class MembershipTermsTranslation(TranslationOptions):
    fields = ("text",)


@register(DisputedTerritory)
class DisputedTerritoryTranslation(TranslationOptions):
    fields = ("name",)


@register(CertificateSettings)
class CertificateSettingsTranslation(TranslationOptions):
    fields = ("signatory_name", "signatory_title")
