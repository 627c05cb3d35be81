"""User accounts in the admin.

Management Unit staff keep people's names and languages, deactivate accounts and send
password-reset links. They never set a password, and they never change what an account
may do: only a superuser grants or removes superuser status, staff status, groups (the
Management Unit's included) and permissions, and nobody changes their own roles
(``services.check_role_change``). Groups are a superuser's to edit.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scn_portal.admin_site import PEOPLE_AND_ACCOUNTS

from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import User
from .refusals import Refused
from .scoping import ScopedChoicesMixin
from .services import PRIVILEGE_FIELDS, check_role_change, deactivate_user, send_password_reset


@admin.register(User)
class UserAdmin(ScopedChoicesMixin, BaseUserAdmin):
    admin_section = PEOPLE_AND_ACCOUNTS
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password_status")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "language")}),)
    readonly_fields = ["password_status", "last_login", "date_joined"]

    actions = ["send_password_reset_link", "deactivate_and_sign_out"]

    def has_change_permission(self, request, obj=None):
        # A superuser's account is a superuser's to change.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += [*PRIVILEGE_FIELDS, "is_active"]
        elif not request.user.is_superuser:
            fields += list(PRIVILEGE_FIELDS)
        return fields

    @admin.display(description=_("password"))
    def password_status(self, obj) -> str:
        if obj is None or not obj.has_usable_password():
            return gettext("Not set: the person chooses one from a reset link.")
        return gettext(
            "Set by the person. Staff never set a password: send a reset link instead "
            "(an action of the list of users)."
        )

    def user_change_password(self, request, id, form_url=""):
        raise Refused  # staff send a reset link; nobody sets another person's password

    def save_model(self, request, obj, form, change):
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        check_role_change(user=obj, actor=request.user, changed=form.changed_data)
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            deactivate_user(user=obj, actor=request.user)
        if not change and send_password_reset(user=obj, request=request):
            self.message_user(
                request,
                gettext("%(email)s has been sent a link to choose a password.")
                % {"email": obj.email},
                messages.SUCCESS,
            )

    def save_related(self, request, form, formsets, change):
        check_role_change(user=form.instance, actor=request.user, changed=form.changed_data)
        super().save_related(request, form, formsets, change)

    @admin.action(description=_("Send a password-reset link"), permissions=["change"])
    def send_password_reset_link(self, request, queryset):
        sent = sum(send_password_reset(user=user, request=request) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d person has been sent a link to choose a new password.",
                "%(count)d people have been sent a link to choose a new password.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )

    @admin.action(description=_("Deactivate and sign out everywhere"), permissions=["change"])
    def deactivate_and_sign_out(self, request, queryset):
        others = queryset.exclude(pk=request.user.pk)
        if not request.user.is_superuser:
            others = others.exclude(is_superuser=True)
        for user in others:
            deactivate_user(user=user, actor=request.user)
        self.message_user(request, _("The accounts were deactivated."), messages.SUCCESS)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ScopedChoicesMixin, BaseGroupAdmin):
    """Groups grant permissions: only a superuser adds, changes or deletes one."""

    admin_section = PEOPLE_AND_ACCOUNTS

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
