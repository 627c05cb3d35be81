"""Forms of ISC meetings and minutes: the admin's (staff) and the portal's (ISC members).

The forms collect input; the rules are the services' (``meeting_services``), which the
forms call in ``clean`` so a refusal shows as a form error and nothing is saved.
"""

import zoneinfo
from datetime import datetime
from functools import cache

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.translation import gettext_lazy as _

from . import meeting_services
from .models import (
    AgendaItem,
    Meeting,
    MeetingPaper,
    Minutes,
    MinutesComment,
    MinutesItem,
    MinutesReview,
)


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc/" not in z)
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones)]


NO_TIME_ZONE = _(
    "Give the meeting's time zone (e.g. Africa/Casablanca): a meeting time without a time "
    "zone means a different hour in every city."
)


class LocalDateTimeField(forms.SplitDateTimeField):
    """A wall-clock date and time, kept naive: the meeting's time zone gives it meaning."""

    widget = admin_widgets.AdminSplitDateTime

    def compress(self, data_list):
        if data_list and all(data_list):
            return datetime.combine(*data_list)
        return None


# --- Admin -------------------------------------------------------------------------------


class MeetingAdminForm(forms.ModelForm):
    local_start = LocalDateTimeField(
        label=_("starts at (local time)"),
        help_text=_("The time where the meeting is set, in the time zone below."),
    )
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=[("", "—"), *time_zone_choices()],
        required=False,  # checked in clean(), with a message that says why it matters
        help_text=_("Where the meeting's time is set; everyone sees it in their own zone too."),
    )

    class Meta:
        model = Meeting
        fields = ["title", "time_zone", "duration_minutes", "format", "place", "link"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.starts_at and self.instance.time_zone:
            self.initial["local_start"] = meeting_services.local_start(self.instance).replace(
                tzinfo=None
            )

    def clean(self):
        data = super().clean()
        if not data.get("time_zone"):
            self.add_error("time_zone", NO_TIME_ZONE)
            return data
        if data.get("local_start") is None:
            return data
        try:
            data["starts_at"] = meeting_services.meeting_start(
                local=data["local_start"], time_zone=data["time_zone"]
            )
        except meeting_services.GovernanceError as exc:
            self.add_error("local_start", exc)
        return data

    def save(self, commit=True):
        if "starts_at" in self.cleaned_data:
            self.instance.starts_at = self.cleaned_data["starts_at"]
        return super().save(commit)


class MeetingPaperForm(forms.ModelForm):
    class Meta:
        model = MeetingPaper
        fields = ["title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            meeting_services.check_paper_file(file)
        return file


class MinutesAdminForm(forms.ModelForm):
    """Refuses any change to approved or published minutes (the admin also shows them
    read-only; this guard holds even if a stale form is posted)."""

    class Meta:
        model = Minutes
        fields = ["meeting"]

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            meeting_services.check_minutes_editable(self.instance)
        elif data.get("meeting"):
            meeting_services.check_new_minutes(meeting=data["meeting"])
        return data


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
            meeting_services.check_minutes_editable(self.instance)


class MinutesCommentAdminForm(forms.ModelForm):
    class Meta:
        model = MinutesComment
        fields = ["resolution", "answer"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        meeting_services.check_comment_resolution(
            comment=self.instance,
            resolution=data.get("resolution"),
            answer=data.get("answer", ""),
        )
        return data


class CirculateForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Review deadline (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("ISC members may comment and answer until then."),
    )


class ApproveForm(forms.Form):
    how = forms.ChoiceField(label=_("Approved"), choices=Minutes.ApprovedBy.choices)
    approved_at = forms.DateTimeField(
        label=_("Approved on (UTC)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
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


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Show times also in"), choices=[("", "—"), *time_zone_choices()], required=False
    )
