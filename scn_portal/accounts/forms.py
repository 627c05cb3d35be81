from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.hashers import make_password

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
    def try_save(self, request):
        if self.account_already_exists:
            # A new account's password is hashed (hundreds of milliseconds, on purpose):
            # do the same work for a known address, so the answer's time tells nothing.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
