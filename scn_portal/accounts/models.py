from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def mu_staff(self):
        """Active Management Unit staff, superusers included (the same people as
        ``accounts.rules.is_mu_staff``)."""
        from .roles import MANAGEMENT_UNIT_GROUP

        in_group = models.Q(is_staff=True, groups__name=MANAGEMENT_UNIT_GROUP)
        return self.filter(is_active=True).filter(models.Q(is_superuser=True) | in_group).distinct()


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The email address is the login.

    What a person may do comes from their roles (see ``roles.py``); the records that
    grant a role (an official's link to a city, an ISC seat, a hub assignment) live in
    the app that owns them.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Emails and reminders are sent in this language."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can sign in to the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The account is kept, without anything that identifies its owner."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("a former member"))
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    # Model permissions: the person's set is kept by the process (``permissions.py``) and
    # handed to Django's backend before it is asked.
    def has_perm(self, perm, obj=None) -> bool:
        from .permissions import prime

        prime(self)
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        from .permissions import prime

        prime(self)
        return super().has_module_perms(app_label)

    def get_all_permissions(self, obj=None) -> set[str]:
        from .permissions import prime

        prime(self)
        return super().get_all_permissions(obj)

    @property
    def roles(self) -> frozenset[str]:
        from .roles import roles_of

        return roles_of(self)
