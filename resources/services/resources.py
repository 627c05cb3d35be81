"""The editorial workflow of a resource: draft → in review → published → archived.

Staff (the Management Unit, or hub staff for their hub's resources) publish, archive and
ask for changes; a city official or hub staff member submits a good practice from the
portal, changes it while it is a draft and sends it for review again. Each move is an
audit event; the submitter is emailed, in their language, when staff ask for changes or
publish their submission. Permissions are checked here (``resources.rules``), whoever
calls.
"""

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment
from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name

from ..errors import ResourceError
from ..models import Resource, ResourceFile
from ..validators import classify_resource_file
from .search import refresh_search_vectors

S = Resource.Status
REVIEW_NOTE_MAX_LENGTH = 2000
SUBMITTED_FIELDS = ("title", "summary", "body", "kind", "languages", "external_url")


def _require(perm: str, actor, resource=None) -> None:
    if not rules.has_perm(perm, actor, resource):
        raise ResourceError(_("You may not do this with this resource."), code="permission")


def _locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


def _move(resource: Resource, *, allowed_from: tuple[str, ...], to: str) -> None:
    if resource.status not in allowed_from:
        raise ResourceError(
            _("A resource that is “%(status)s” cannot become “%(target)s”."),
            code="transition",
            params={"status": resource.get_status_display(), "target": S(to).label},
        )
    resource.status = to


def _notify_submitter(resource: Resource, outcome: str) -> None:
    if resource.submitted_by_id is None:
        return
    occasion = f"{outcome}:{resource.pk}:{timezone.now().isoformat()}"
    transaction.on_commit(
        lambda: enqueue_by_name(
            "resources.notify_submitter",
            resource_id=resource.pk,
            outcome=outcome,
            occasion=occasion,
        )
    )


def save_resource(*, resource: Resource, actor, created: bool = False) -> Resource:
    """Save what staff edited in the admin and refresh its search vectors."""
    _require("resources.edit_resource", actor, None if created else resource)
    with audit_event("resource_created" if created else "resource_changed"):
        resource.save()
    refresh_search_vectors(resources=[resource])
    return resource


@audit_event("resource_published")
def publish_resource(*, resource: Resource, actor) -> Resource:
    """Publish a draft, a resource in review or an archived one (dated today the first
    time); the submitter, if any, is emailed."""
    _require("resources.review_resource", actor, resource)
    with transaction.atomic():
        resource = _locked(resource)
        _move(resource, allowed_from=(S.DRAFT, S.IN_REVIEW, S.ARCHIVED), to=S.PUBLISHED)
        resource.published_on = resource.published_on or timezone.localdate()
        resource.review_note = ""
        resource.save(update_fields=["status", "published_on", "review_note", "updated_at"])
        _notify_submitter(resource, "published")
    return resource


@audit_event("resource_archived")
def archive_resource(*, resource: Resource, actor) -> Resource:
    """Take a published resource off the hub; its page answers 404 from now on."""
    _require("resources.review_resource", actor, resource)
    with transaction.atomic():
        resource = _locked(resource)
        _move(resource, allowed_from=(S.PUBLISHED,), to=S.ARCHIVED)
        resource.save(update_fields=["status", "updated_at"])
    return resource


@audit_event("resource_changes_requested")
def request_changes(*, resource: Resource, actor, note: str) -> Resource:
    """Send a resource in review back to its submitter as a draft, with what to change;
    the submitter is emailed the note in their language."""
    _require("resources.review_resource", actor, resource)
    note = (note or "").strip()
    if not note:
        raise ResourceError(_("Say what should change."), code="note_required")
    if len(note) > REVIEW_NOTE_MAX_LENGTH:
        raise ResourceError(
            _("The note is too long: at most %(limit)s characters."),
            code="note_too_long",
            params={"limit": REVIEW_NOTE_MAX_LENGTH},
        )
    with transaction.atomic():
        resource = _locked(resource)
        _move(resource, allowed_from=(S.IN_REVIEW,), to=S.DRAFT)
        resource.review_note = note
        resource.save(update_fields=["status", "review_note", "updated_at"])
        _notify_submitter(resource, "changes_requested")
    return resource


@audit_event("resource_sent_for_review")
def send_for_review(*, resource: Resource, actor) -> Resource:
    """A draft goes to staff's review (by its submitter, or by staff)."""
    _require("resources.submit_resource", actor, resource)
    with transaction.atomic():
        resource = _locked(resource)
        _move(resource, allowed_from=(S.DRAFT,), to=S.IN_REVIEW)
        resource.save(update_fields=["status", "updated_at"])
    return resource


def _author_of(*, actor, city: LocalGovernment | None) -> dict:
    from hubs.models import Hub

    if city is not None:
        if not rules.has_perm("resources.submit_for_city", actor, city):
            raise ResourceError(
                _("You do not act for %(city)s."), code="permission", params={"city": city.name}
            )
        return {"author_kind": Resource.Author.CITY, "author_city": city}
    hub = Hub.objects.active().filter(staff__user=actor).order_by("pk").first()
    if hub is None or not actor.is_staff:
        raise ResourceError(
            _("Choose the city the good practice comes from."), code="city_required"
        )
    return {"author_kind": Resource.Author.HUB, "author_hub": hub}


def _attach(resource: Resource, upload, title: str) -> ResourceFile | None:
    if upload is None:
        return None
    kind, extension = classify_resource_file(upload)
    attached = ResourceFile(
        resource=resource,
        title=title or resource.title,
        format=kind,
        extension=extension,
        size=getattr(upload, "size", 0) or 0,
    )
    attached.file.save(f"upload.{extension}", upload, save=False)
    attached.save()
    return attached


def _write_text(resource: Resource, values: dict, language: str) -> None:
    for name in SUBMITTED_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name in ("title", "summary", "body"):
            # Written in the submitter's language; English (the fallback) shows the same
            # text until staff add a translation.
            setattr(resource, f"{name}_{language}", value)
            if language != "en" and not getattr(resource, f"{name}_en"):
                setattr(resource, f"{name}_en", value)
        else:
            setattr(resource, name, value)


@audit_event("resource_submitted")
def submit_good_practice(
    *,
    actor,
    values: dict,
    language: str,
    city: LocalGovernment | None = None,
    upload=None,
) -> Resource:
    """A good practice (or a policy) from a city's official (``city``) or a hub's staff
    member, straight into staff's review; public once published. ``values`` holds
    ``SUBMITTED_FIELDS``; the text is stored in ``language``. The file, if any, is checked
    by content before anything is saved."""
    if upload is not None:
        classify_resource_file(upload)
    if values.get("kind") not in (Resource.Kind.GOOD_PRACTICE, Resource.Kind.POLICY):
        raise ResourceError(_("Submit a good practice or a local policy."), code="kind")
    author = _author_of(actor=actor, city=city)
    with transaction.atomic():
        resource = Resource(
            status=S.IN_REVIEW,
            visibility=Resource.Visibility.PUBLIC,
            submitted_by=actor,
            **author,
        )
        _write_text(resource, values, language)
        resource.full_clean(exclude=["title"])
        resource.save()
        if city is not None:
            resource.cities.add(city)
            if city.region_id:
                resource.regions.add(city.region_id)
            resource.countries = [city.country]
            resource.save(update_fields=["countries"])
        _attach(resource, upload, values.get("title", ""))
    refresh_search_vectors(resources=[resource])
    return resource


@audit_event("resource_submission_changed")
def change_submission(*, resource: Resource, actor, values: dict, language: str, upload=None):
    """The submitter changes their draft (after staff asked for changes) and sends it for
    review again."""
    _require("resources.submit_resource", actor, resource)
    if upload is not None:
        classify_resource_file(upload)
    with transaction.atomic():
        resource = _locked(resource)
        if resource.status != S.DRAFT:
            raise ResourceError(
                _("Only a draft can be changed; this one is “%(status)s”."),
                code="not_draft",
                params={"status": resource.get_status_display()},
            )
        _write_text(resource, values, language)
        resource.full_clean(exclude=["title"])
        resource.status = S.IN_REVIEW
        resource.save()
        _attach(resource, upload, values.get("title", ""))
    refresh_search_vectors(resources=[resource])
    return resource


def count_view(*, resource: Resource) -> None:
    """One more reading of the resource's page (a single UPDATE, no lock)."""
    from django.db.models import F

    Resource.objects.filter(pk=resource.pk).update(views=F("views") + 1)


def count_download(*, resource: Resource) -> None:
    from django.db.models import F

    Resource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)
