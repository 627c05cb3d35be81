"""Forms of ISC meetings: the admin's (staff) and the time zone a reader picks."""

import zoneinfo
from datetime import datetime
from functools import cache

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.translation import gettext_lazy as _

from ..errors import GovernanceError
from ..models import Meeting, MeetingPaper
from ..selectors.meetings import local_start
from ..services import meetings as meeting_services


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc/" not in z)
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones)]


class LocalDateTimeField(forms.SplitDateTimeField):
    """A wall-clock date and time, kept naive: the meeting's time zone gives it meaning."""

    widget = admin_widgets.AdminSplitDateTime

    def compress(self, data_list):
        if data_list and all(data_list):
            return datetime.combine(*data_list)
        return None


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
            self.initial["local_start"] = local_start(self.instance).replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        if not data.get("time_zone"):
            self.add_error("time_zone", meeting_services.NO_TIME_ZONE)
            return data
        if data.get("local_start") is None:
            return data
        try:
            data["starts_at"] = meeting_services.meeting_start(
                local=data["local_start"], time_zone=data["time_zone"]
            )
        except GovernanceError as exc:
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


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Show times also in"), choices=[("", "—"), *time_zone_choices()], required=False
    )
