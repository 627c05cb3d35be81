"""The guiding principles and their versions, and the membership terms of reference."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_saving import ServiceSaveMixin, save_rows

from ..models import GuidingPrinciple, MembershipTerms, PrincipleVersion
from ..services import principles
from .sections import NETWORK_DATA


class GuidingPrincipleInline(ScopedChoicesMixin, TranslationTabularInline):
    model = GuidingPrinciple
    extra = 0


@admin.register(PrincipleVersion)
class PrincipleVersionAdmin(ServiceSaveMixin, ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = NETWORK_DATA
    list_display = ["label", "effective_on"]
    inlines = [GuidingPrincipleInline]

    def save_model(self, request, obj, form, change):
        principles.save_principle_version(version=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        save_rows(
            formset,
            add=lambda o: principles.save_guiding_principle(principle=o, actor=request.user),
            change=lambda o, _changed: principles.save_guiding_principle(
                principle=o, actor=request.user
            ),
            remove=lambda o: principles.remove_guiding_principle(principle=o, actor=request.user),
        )


@admin.register(MembershipTerms)
class MembershipTermsAdmin(ServiceSaveMixin, ScopedChoicesMixin, TranslationAdmin):
    admin_section = NETWORK_DATA
    list_display = ["label", "effective_on"]

    def save_model(self, request, obj, form, change):
        principles.save_membership_terms(terms=obj, actor=request.user)
