from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import HelpRequest


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to a few files; their type and size are checked by the service (by content)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault("help_text", _("PDF, PNG or JPEG; at most 5 files of 10 MB each."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(AttachmentsField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class AskForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=HelpRequest.Category.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your question or challenge"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    files = AttachmentsField()


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    files = AttachmentsField()


class StaffReplyForm(ReplyForm):
    internal = forms.BooleanField(
        label=_("Internal note (never shown to the city)"), required=False
    )


class CloseForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the help you received?"),
        help_text=_("1: not at all; 5: very useful."),
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
