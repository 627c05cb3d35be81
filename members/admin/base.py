"""What several admins of the members app share."""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from ..errors import MembershipError
from ..models import TerritoryMatch
from .forms import ReasonForm

NAME_FIELDS = ("name_en", "name_ar", "name_fr", "name_es")


class DerivedMatchesMixin:
    """Stored matches are derived data: they go with their city or territory, even though
    nobody deletes one by hand."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(TerritoryMatch._meta.verbose_name))
        return deleted, counts, perms_needed, protected


class DecisionActionsMixin:
    """Run a service over the selected rows: a refusal is an error for that row only."""

    def _apply_service(self, request, queryset, service, *, done, label, **kwargs) -> None:
        succeeded = 0
        for obj in queryset:
            try:
                service(**{self.service_argument: obj}, actor=request.user, **kwargs)
            except MembershipError as exc:
                self.message_user(
                    request, f"{label(obj)}: {' '.join(exc.messages)}", level=messages.ERROR
                )
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done(succeeded), level=messages.SUCCESS)

    def _with_reason(self, request, queryset, service, *, title, done, label):
        """An intermediate page asks for the reason; nothing changes until it is given."""
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                self._apply_service(
                    request,
                    queryset,
                    service,
                    done=done,
                    label=label,
                    reason=form.cleaned_data["reason"],
                )
                return None
        else:
            form = ReasonForm()
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/members/action_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "objects": [(obj.pk, label(obj)) for obj in queryset],
                "action": request.POST.get("action", ""),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "media": self.media,
            },
        )
