from django import forms
from django.contrib.auth.forms import UserChangeForm

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
