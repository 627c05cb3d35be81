from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .models import User


class UserCreationAdminForm(forms.ModelForm):
    """A new account in the admin: no password is typed by staff. The person is sent a
    link to choose their own (``UserAdmin.save_model``)."""

    class Meta:
        model = User
        fields = ("email", "full_name", "language")

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the person's name: the portal greets them by it, and the
    record of the person who applies for a city starts from it (``AccountAdapter.save_user``)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        help_text=_("As colleagues and the Management Unit should address you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def clean_full_name(self) -> str:
        # One space between words, however it was typed (spaces alone are refused as empty).
        return " ".join(self.cleaned_data["full_name"].split())

    def try_save(self, request):
        if self.account_already_exists:
            # A new account's password is hashed (hundreds of milliseconds, on purpose):
            # do the same work for a known address, so the answer's time tells nothing.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
