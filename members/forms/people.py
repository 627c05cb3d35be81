"""A city's contacts: its mayor (or head) and its focal point."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Official, Person

# The column's length (254): an address the form accepts must fit where it is saved.
# The email validator alone lets through addresses of up to 320 characters.
CONTACT_EMAIL_MAX_LENGTH = Person._meta.get_field("email").max_length


class ContactsForm(forms.Form):
    """Step 2: the mayor (or head) and the focal point of the local government."""

    mayor_name = forms.CharField(label=_("Full name"), max_length=200)
    mayor_title = forms.CharField(label=_("Title or position"), max_length=200, required=False)
    mayor_email = forms.EmailField(label=_("Email address"), max_length=CONTACT_EMAIL_MAX_LENGTH)
    focal_point_name = forms.CharField(label=_("Full name"), max_length=200)
    focal_point_title = forms.CharField(
        label=_("Title or position"), max_length=200, required=False
    )
    focal_point_email = forms.EmailField(
        label=_("Email address"), max_length=CONTACT_EMAIL_MAX_LENGTH
    )

    ROLES = {"mayor": Official.Role.MAYOR, "focal_point": Official.Role.FOCAL_POINT}

    def groups(self):
        """The fields by contact, for the template: [(role label, [fields])]."""
        return [
            (role.label, [self[f"{prefix}_{part}"] for part in ("name", "title", "email")])
            for prefix, role in self.ROLES.items()
        ]

    @classmethod
    def initial_from(cls, contacts: dict) -> dict:
        initial = {}
        for prefix, role in cls.ROLES.items():
            official = contacts.get(role)
            if official is not None:
                initial[f"{prefix}_name"] = official.person.full_name
                initial[f"{prefix}_title"] = official.person.title
                initial[f"{prefix}_email"] = official.person.email
        return initial

    def contacts(self):
        """(role, full name, email, title) for each contact, once valid."""
        return [
            (
                role,
                self.cleaned_data[f"{prefix}_name"],
                self.cleaned_data[f"{prefix}_email"],
                self.cleaned_data[f"{prefix}_title"],
            )
            for prefix, role in self.ROLES.items()
        ]
