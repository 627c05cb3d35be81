from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import User
from .scoping import ScopedChoicesMixin
from .services import deactivate_user


@admin.register(User)
class UserAdmin(ScopedChoicesMixin, BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    actions = ["deactivate_and_sign_out"]

    def save_model(self, request, obj, form, change):
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            deactivate_user(user=obj, actor=request.user)

    @admin.action(description=_("Deactivate and sign out everywhere"), permissions=["change"])
    def deactivate_and_sign_out(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            deactivate_user(user=user, actor=request.user)
        self.message_user(request, _("The accounts were deactivated."), messages.SUCCESS)
