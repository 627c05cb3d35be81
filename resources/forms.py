"""Forms of the resource hub's pages (submissions and staff's review note)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Resource
from .services.resources import REVIEW_NOTE_MAX_LENGTH
from .validators import classify_resource_file

SUBMITTABLE_KINDS = [
    (Resource.Kind.GOOD_PRACTICE.value, Resource.Kind.GOOD_PRACTICE.label),
    (Resource.Kind.POLICY.value, Resource.Kind.POLICY.label),
]


class SubmissionForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=None,
        required=False,
        help_text=_("The city whose practice this is."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SUBMITTABLE_KINDS)
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    body = forms.CharField(
        label=_("What the city did, and what it learned"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50000,
        help_text=_("Paragraphs, emphasis, lists and links are kept; anything else is removed."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the practice is documented in"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external_url = forms.URLField(
        label=_("Link (optional)"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG; at most 20 MB."),
    )

    def __init__(self, *args, cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cities is None:
            del self.fields["city"]
        else:
            self.fields["city"].queryset = cities
            self.fields["city"].label_from_instance = lambda city: city.name
            if cities.exists():
                self.fields["city"].required = True
                self.fields["city"].empty_label = None
            else:
                del self.fields["city"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            classify_resource_file(upload)
        return upload or None

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("title", "summary", "body", "kind", "languages", "external_url")
        }


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REVIEW_NOTE_MAX_LENGTH,
        required=False,
    )

    def clean_note(self):
        note = self.cleaned_data.get("note", "").strip()
        return note
