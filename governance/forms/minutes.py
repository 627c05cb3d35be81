"""Forms of minutes: the admin's (staff) and the review in the portal (ISC members)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scn_portal.web.forms import ChecksWithService

from ..models import AgendaItem, Minutes, MinutesComment, MinutesItem, MinutesReview
from ..services import minutes as minutes_services

# --- Admin -------------------------------------------------------------------------------


class MinutesAdminForm(ChecksWithService, forms.ModelForm):
    """Refuses any change to approved or published minutes (the admin also shows them
    read-only; this guard holds even if a stale form is posted)."""

    class Meta:
        model = Minutes
        fields = ["meeting"]

    def check(self, data: dict) -> None:
        if self.instance.pk:
            minutes_services.check_minutes_editable(self.instance)
        elif data.get("meeting"):
            minutes_services.check_new_minutes(meeting=data["meeting"])


class MinutesItemForm(forms.ModelForm):
    """Drafts may be saved half written; circulation needs every item in English."""

    class Meta:
        model = MinutesItem
        fields = ["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class MinutesItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.pk and self.has_changed():
            minutes_services.check_minutes_editable(self.instance)


class MinutesCommentAdminForm(ChecksWithService, forms.ModelForm):
    class Meta:
        model = MinutesComment
        fields = ["resolution", "answer"]

    def check(self, data: dict) -> None:
        if not self.errors:
            minutes_services.check_comment_resolution(
                comment=self.instance,
                resolution=data.get("resolution"),
                answer=data.get("answer", ""),
            )


def _utc_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CirculateForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Review deadline (UTC)"),
        widget=_utc_input(),
        help_text=_("ISC members may comment and answer until then."),
    )


class ApproveForm(forms.Form):
    how = forms.ChoiceField(label=_("Approved"), choices=Minutes.ApprovedBy.choices)
    approved_at = forms.DateTimeField(
        label=_("Approved on (UTC)"),
        required=False,
        widget=_utc_input(),
        help_text=_("When the co-chairs or the meeting approved them; now if left empty."),
    )


class CorrectionForm(forms.Form):
    change_note = forms.CharField(
        label=_("Change note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the new version corrects; shown to the public with it."),
    )


# --- Portal ------------------------------------------------------------------------------


class CommentForm(forms.Form):
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label=_("Item"))
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, minutes: Minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            meeting_id=minutes.meeting_id
        )


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (MinutesReview.Verdict.NO_COMMENTS, MinutesReview.Verdict.NO_COMMENTS.label),
            (MinutesReview.Verdict.APPROVE, MinutesReview.Verdict.APPROVE.label),
        ],
        widget=forms.RadioSelect,
    )
