"""What the Applications list and the Membership list share: the status history, the
columns and read-only fields of an application, and the decisions.

Decisions go through ``members.services.applications``, which owns the state machine and
queues the decision email; nothing here changes a status directly.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import ReadOnlyAdminMixin
from scn_portal.web.admin_actions import apply_to_each, ask_then_apply

from ..models import Commitment, Membership, MembershipTransition, Official
from ..names import country_name
from ..services import applications
from .filters import WAITING_STATUSES, eligibility_summary, eligibility_text
from .forms import ReasonForm


class MembershipTransitionInline(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.TabularInline):
    """The status history, newest first, in words ("Under review → Member"); never edited."""

    model = MembershipTransition
    fields = ["at", "change", "actor", "reason"]
    readonly_fields = fields
    ordering = ["-at", "-pk"]
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("members.view_membership")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("status change"))
    def change(self, obj: MembershipTransition) -> str:
        return str(obj)


class ApplicationColumnsMixin:
    """Columns and read-only fields that describe an application, read from prefetched
    rows (``filters._with_eligibility``), never one query per row."""

    @admin.display(description=_("city"), ordering="local_government__name")
    def city(self, obj: Membership) -> str:
        return obj.local_government.name

    @admin.display(description=_("country"), ordering="local_government__country")
    def country(self, obj: Membership) -> str:
        return country_name(obj.local_government.country.code)

    @admin.display(description=_("region"), ordering="local_government__region__order")
    def region(self, obj: Membership) -> str:
        return str(obj.local_government.region or "—")

    @admin.display(description=_("eligibility"))
    def eligibility(self, obj: Membership) -> str:
        return eligibility_text(obj.local_government)

    @admin.display(description=_("eligibility check"))
    def eligibility_detail(self, obj: Membership) -> str:
        result, matches = eligibility_summary(obj.local_government)
        if result == "eligible":
            return eligibility_text(obj.local_government)
        rows = format_html_join(
            "",
            "<li>{} — {}: {}</li>",
            ((m.territory.name, m.get_rule_display(), m.territory.reference) for m in matches),
        )
        heading = (
            _("Inside a disputed territory")
            if result == "inside"
            else _("Overridden (reviewed false positive)")
        )
        return format_html("<strong>{}</strong><ul>{}</ul>", heading, rows)

    @admin.display(description=_("waiting"), ordering="submitted_at")
    def waiting(self, obj: Membership) -> str:
        if obj.status not in WAITING_STATUSES or obj.submitted_at is None:
            return "—"
        return days_since(obj.submitted_at)

    @admin.display(description=_("commitment to the guiding principles"))
    def commitment(self, obj: Membership) -> str:
        commitments = Commitment.objects.filter(
            local_government=obj.local_government_id
        ).select_related("version")
        if not commitments:
            return gettext("None yet.")
        rows = []
        for c in commitments:
            letter = "—"
            if c.letter:
                url = self.letter_url(obj, c)
                letter = format_html(
                    '<a href="{}">{}</a>', url, gettext("Download the signed letter")
                )
            rows.append(
                (
                    c.version,
                    c.signatory_name,
                    c.signatory_title,
                    c.get_signatory_role_display(),
                    c.signed_on,
                    letter,
                )
            )
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {}, {} ({}), {} — {}</li>", rows),
        )

    def letter_url(self, obj: Membership, commitment: Commitment) -> str:
        """The signed letter, served by the Membership admin to whoever may see the row."""
        return reverse(
            f"{self.admin_site.name}:members_membership_letter", args=[obj.pk, commitment.pk]
        )

    @admin.display(description=_("contacts"))
    def contacts(self, obj: Membership) -> str:
        officials = Official.objects.filter(
            local_government=obj.local_government_id
        ).select_related("person")
        if not officials:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {}, {}{}</li>",
                (
                    (
                        o.person.full_name,
                        o.get_role_display(),
                        o.person.email or "—",
                        "" if o.is_active else format_html(" ({})", gettext("inactive")),
                    )
                    for o in officials
                ),
            ),
        )


def days_since(moment) -> str:
    days = (timezone.now() - moment).days
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


class DecisionActionsMixin:
    """Approve, reject, ask for more information: each through the service; a refusal
    leaves that row as it was and says why."""

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("members.decide_membership")

    @staticmethod
    def _label(obj: Membership) -> str:
        return obj.local_government.name

    @staticmethod
    def _memberships(queryset):
        """The selected rows as memberships: the services save them, and the audit trail
        records a membership's changes (not a list's view of it)."""
        if queryset.model is Membership:
            return queryset
        return Membership.objects.filter(pk__in=queryset.values("pk")).select_related(
            "local_government"
        )

    @admin.action(description=_("Approve the selected applications"), permissions=["decide"])
    def approve(self, request, queryset):
        apply_to_each(
            self,
            request,
            self._memberships(queryset),
            lambda m: applications.approve_membership(membership=m, actor=request.user),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d application approved.", "%(count)d applications approved.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reject the selected applications"), permissions=["decide"])
    def reject(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            self._memberships(queryset),
            form_class=ReasonForm,
            title=_("Reject these applications"),
            apply=lambda m, data: applications.reject_membership(
                membership=m, actor=request.user, reason=data["reason"]
            ),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d application rejected.", "%(count)d applications rejected.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Ask the applicants for more information"), permissions=["decide"])
    def request_information(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            self._memberships(queryset),
            form_class=ReasonForm,
            title=_("Ask for more information"),
            apply=lambda m, data: applications.request_more_information(
                membership=m, actor=request.user, reason=data["reason"]
            ),
            label=self._label,
            done=lambda n: (
                ngettext(
                    "%(count)d application sent back to the applicant.",
                    "%(count)d applications sent back to the applicants.",
                    n,
                )
                % {"count": n}
            ),
        )
