"""The guiding principles and their versions, and the membership terms of reference."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from scn_portal.accounts.scoping import ScopedChoicesMixin

from ..models import GuidingPrinciple, MembershipTerms, PrincipleVersion


class GuidingPrincipleInline(ScopedChoicesMixin, TranslationTabularInline):
    model = GuidingPrinciple
    extra = 0


@admin.register(PrincipleVersion)
class PrincipleVersionAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["label", "effective_on"]
    inlines = [GuidingPrincipleInline]


@admin.register(MembershipTerms)
class MembershipTermsAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["label", "effective_on"]
