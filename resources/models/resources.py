"""The digital resource hub: training tools, guides, policies, good practices, case
studies, research, recordings and templates, tagged and authored, each with a visibility
and a place in the editorial workflow (draft → in review → published → archived)."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from governance.models import Expert, WorkingGroup
from hubs.models import Hub
from members.models import LocalGovernment, Region, StrategicPriority
from members.validators import validate_language_codes

# The languages the portal searches in, and PostgreSQL's text-search configuration for
# each (they stem: an Arabic, French or Spanish word matches its other forms).
SEARCH_CONFIGS = {"en": "english", "ar": "arabic", "fr": "french", "es": "spanish"}


class Theme(models.Model):
    """A subject resources are tagged with, beside the strategic priorities (data staff
    edit, seeded by a data migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)

    def public(self):
        return self.published().filter(visibility=Resource.Visibility.PUBLIC)


class Resource(models.Model):
    class Kind(models.TextChoices):
        TRAINING_TOOL = "training_tool", _("Training tool")
        TOOLKIT = "toolkit", _("Toolkit or guide")
        POLICY = "policy", _("Local policy")
        GOOD_PRACTICE = "good_practice", _("Good practice")
        CASE_STUDY = "case_study", _("Case study")
        RESEARCH = "research", _("Research or report")
        RECORDING = "recording", _("Recording (video or audio)")
        TEMPLATE = "template", _("Template")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        STAFF = "staff", _("Staff only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Author(models.TextChoices):
        CENTRAL_TEAM = "central_team", _("Central team")
        HUB = "hub", _("Regional hub")
        WORKING_GROUP = "working_group", _("Working group")
        CITY = "city", _("City")
        EXPERT = "expert", _("Expert")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Paragraphs, emphasis, lists, quotations, headings and links are kept; "
            "anything else is removed when the page is shown."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    languages = models.JSONField(
        _("languages of the resource"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("ISO 639-1 codes of the languages the resource itself exists in."),
    )
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.STAFF
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Tags
    priorities = models.ManyToManyField(
        StrategicPriority, blank=True, related_name="resources", verbose_name=_("priorities")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="resources", verbose_name=_("themes")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="resources", verbose_name=_("regions")
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    cities = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="tagged_resources",
        verbose_name=_("cities"),
    )
    # Who wrote it
    author_kind = models.CharField(
        _("author"), max_length=20, choices=Author.choices, default=Author.CENTRAL_TEAM
    )
    author_hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("hub"),
    )
    author_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("working group"),
    )
    author_city = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_resources",
        verbose_name=_("city"),
    )
    author_expert = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("expert"),
    )
    # The workflow
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_resources",
        verbose_name=_("submitted by"),
    )
    review_note = models.TextField(
        _("note to the submitter"),
        blank=True,
        help_text=_("What to change before publication; emailed to the submitter."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    views = models.PositiveIntegerField(_("views"), default=0, editable=False)
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    # One stored search vector per language (PostgreSQL; empty on SQLite), kept current by
    # ``resources.services.search.refresh_search_vectors`` after every change.
    search_en = SearchVectorField(null=True, editable=False)
    search_ar = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)
    search_es = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "title"]
        indexes = [
            # The admin lists resources latest first (drafts, never published, on top).
            models.Index(fields=["-published_on", "-id"], name="resource_latest_first"),
            # The work queue reads the few resources in review, the longest waiting first.
            models.Index(
                fields=["updated_at", "id"],
                condition=Q(status="in_review"),
                name="resource_in_review",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="resource_author_matches_kind",
                condition=(
                    (Q(author_kind="hub") | Q(author_hub__isnull=True))
                    & (Q(author_kind="working_group") | Q(author_group__isnull=True))
                    & (Q(author_kind="city") | Q(author_city__isnull=True))
                    & (Q(author_kind="expert") | Q(author_expert__isnull=True))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"code": self.code})

    def clean(self):
        """One author: choosing only a hub, group, city or expert makes it the author; a
        second one, or one that does not match the kind of author, is refused."""
        fields = {
            self.Author.HUB: "author_hub",
            self.Author.WORKING_GROUP: "author_group",
            self.Author.CITY: "author_city",
            self.Author.EXPERT: "author_expert",
        }
        chosen = [kind for kind, field in fields.items() if getattr(self, f"{field}_id")]
        if self.author_kind == self.Author.CENTRAL_TEAM and len(chosen) == 1:
            self.author_kind = chosen[0]
        wrong = [fields[kind] for kind in chosen if kind != self.author_kind]
        if wrong:
            raise ValidationError(
                {
                    wrong[0]: _("Leave this empty: the author is “%(author)s”.")
                    % {"author": self.get_author_kind_display()}
                }
            )

    @property
    def author_name(self) -> str:
        """Who wrote it, as the public reads it."""
        named = {
            self.Author.HUB: self.author_hub,
            self.Author.WORKING_GROUP: self.author_group,
            self.Author.CITY: self.author_city,
            self.Author.EXPERT: self.author_expert,
        }.get(self.author_kind)
        return str(named) if named is not None else str(self.get_author_kind_display())


def resource_file_path(instance, filename: str) -> str:
    # Never the uploaded name: a random one under a private folder.
    return f"resource-files/{uuid.uuid4().hex}"


class ResourceFile(models.Model):
    """A file of a resource (PDF, office document or image), stored privately and served
    by a view that checks the reader may see the resource."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        OFFICE = "office", _("Office document")
        IMAGE = "image", _("Image")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=resource_file_path)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, editable=False)
    extension = models.CharField(_("extension"), max_length=8, editable=False, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["resource", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:file", kwargs={"code": self.code})
