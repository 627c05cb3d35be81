"""Arbitrary input thrown at every portal and public form, and at the read API.

Hypothesis generates text (any Unicode, control characters, very long strings), numbers
as strings, dates (real ones, impossible ones, anything), choices outside the choices,
ids and codes of other people's objects, and uploads (any bytes, any name, any declared
type) for each field of each form outside the Django admin (public, the portal of city
officials, ISC members and experts, and staff's pages outside the admin), each posted
as the persona who may use it and as some who may not; most submissions start from a
valid one with a few fields replaced, so some go through and reach the services. Every
answer must be a 2xx, 3xx or 4xx. A refused submission must leave the database
(every table's row count, and the objects the form edits) and the media folder as they
were: nothing is half saved. An accepted one must save no text longer than its column
(SQLite would store it; PostgreSQL refuses it with a server error).

Every page's query string is fuzzed too (``test_no_page_fails_on_any_query_string``,
pages and personas taken from the URL matrix), and the read API on its own: the JSON
directory feed, the personal ICS feed's token, the search of experts, dates in URLs.

Forms posted here run their ``transaction.on_commit`` callbacks (emails, queued reports)
as production does after the request's transaction commits, so a failure there counts.

``FUZZED_FORMS`` lists every URL that accepts a POST and the test that fuzzes it;
``test_every_post_url_is_fuzzed`` fails when the URL configuration gains one that is
not listed. The sign-up, sign-in, directory and application-start forms are fuzzed in
``test_fuzz_forms.py``; its settings and helpers are reused here.
"""

import datetime
import importlib
import inspect
import json
import re
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from governance.ics import feed_token, user_for_token
from governance.models import (
    Expert,
    Minutes,
    MinutesComment,
    MinutesReview,
    WorkingGroup,
    WorkingGroupMembership,
)
from members.models import (
    ActingClaim,
    Commitment,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    PrincipleVersion,
    StrategicPriority,
)
from members.services.applications import ApplicationStep
from scn_portal.mel.reports import ANNUAL_REPORT
from scn_portal.reports import registry
from scn_portal.reports.models import ReportRequest
from tests import factories
from tests.conftest import PERSONAS
from tests.platform import test_url_matrix
from tests.platform.test_fuzz_forms import FUZZ, no_nul, number, text
from tests.platform.test_url_matrix import ROWS, discovered_names, row_counts, walk

# --- The table of fuzzed forms -----------------------------------------------------------

# The URL matrix's world (Rabat, Oslo, a draft, a meeting, minutes, a report...) as a fixture.
world = test_url_matrix.world

OTHER_MODULE = "tests.platform.test_fuzz_forms"
APPLICATION_TEST = f"{OTHER_MODULE}::test_a_refused_application_leaves_nothing_behind"
FUND_FUZZ = "tests.funding.test_fund_fuzz"

# Every URL name that accepts a POST → the test that throws input at it.
FUZZED_FORMS: dict[str, str] = {
    "members:application_start": APPLICATION_TEST,
    "members:claim": "test_a_refused_claim_leaves_nothing_behind",
    "members:application_details": "test_refused_application_details_change_nothing",
    "members:application_contacts": "test_refused_contacts_change_nothing",
    "members:edit_city_contacts": "test_refused_contacts_change_nothing",
    "members:application_principle": "test_refused_agreements_change_nothing",
    "members:recommit_principle": "test_refused_agreements_change_nothing",
    "members:application_signatory": "test_a_refused_commitment_stores_no_letter",
    "members:recommit_signatory": "test_a_refused_commitment_stores_no_letter",
    "members:application_submit": "test_actions_without_fields_never_fail",
    "members:application_restart": "test_actions_without_fields_never_fail",
    "members:certificate": "test_actions_without_fields_never_fail",
    "members:edit_city_profile": "test_a_refused_city_profile_changes_nothing",
    "members:invite_colleague": "test_a_refused_invitation_sends_nothing",
    "governance:meeting_time_zone": "test_time_zone_choice_never_fails",
    "governance:replace_calendar_link": "test_only_the_owner_replaces_a_calendar_link",
    "governance:minutes_comment": "test_refused_comments_and_answers_on_minutes_change_nothing",
    "governance:minutes_review": "test_refused_comments_and_answers_on_minutes_change_nothing",
    "governance:join_working_group": "test_a_refused_request_to_join_changes_nothing",
    "governance:working_group_requests": "test_refused_join_decisions_change_nothing",
    "governance:edit_expert": "test_a_refused_expert_profile_changes_nothing",
    "reports:list": "test_a_refused_report_request_changes_nothing",
    "web:personal_data_erase": "test_a_refused_erasure_changes_nothing",
    "hubs:city_needs": "test_a_refused_needs_assessment_changes_nothing",
    "hubs:city_help_desk": "test_a_refused_help_desk_request_stores_nothing",
    "hubs:help_request": "test_refused_help_desk_answers_and_actions_change_nothing",
    "hubs:staff_help_request": "test_refused_help_desk_answers_and_actions_change_nothing",
    "hubs:hub_report": "test_a_refused_hub_report_request_changes_nothing",
    "mel:rerun": "test_a_refused_rerun_of_a_periods_figures_changes_nothing",
    "mel:annual_report": "test_a_refused_annual_report_request_changes_nothing",
    "mel:file_annual_report": "test_a_refused_filing_of_the_annual_report_changes_nothing",
    "resources:submit": "test_a_refused_good_practice_changes_nothing",
    "resources:edit_submission": "test_a_refused_good_practice_changes_nothing",
    "resources:review_decide": "test_a_refused_review_decision_changes_nothing",
    "activities:register": "test_a_refused_registration_changes_nothing",
    "activities:cancel": "test_refused_cancellations_and_offer_answers_change_nothing",
    "activities:offer": "test_refused_cancellations_and_offer_answers_change_nothing",
    "fund:start": f"{FUND_FUZZ}::test_a_refused_start_of_a_fund_application_saves_nothing",
    "fund:edit": f"{FUND_FUZZ}::test_a_refused_fund_draft_changes_nothing",
    "fund:submit": f"{FUND_FUZZ}::test_fund_actions_without_fields_never_fail",
    "fund:withdraw": f"{FUND_FUZZ}::test_fund_actions_without_fields_never_fail",
    "fund:report": f"{FUND_FUZZ}::test_a_refused_fund_report_stores_nothing",
    "fund:review": f"{FUND_FUZZ}::test_refused_declarations_and_scores_change_nothing",
}

# --- Strategies ----------------------------------------------------------------------------

SETTINGS_FEW = hypothesis_settings(FUZZ, max_examples=6)

ascii_field = st.text(st.characters(codec="ascii"), max_size=40)


def choice(*values: str) -> st.SearchStrategy[str]:
    """One of the form's choices, or anything at all."""
    return st.sampled_from(values) | text


def several(values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(values, max_size=4)


dates = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(
        [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "0000-00-00",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "tomorrow",
            "-1",
            "1e9",
            "2024-01-01T10:00",
        ]
    ),
    text,
)
# Real and invalid email addresses; the long ones fit a form field but may not fit a column.
emails = st.one_of(
    st.emails().map(str),
    st.integers(min_value=230, max_value=340).map(lambda n: "a" * (n - 12) + "@example.org"),
    st.sampled_from(["a@b", "@example.org", "a@@example.org", "a@example.org\nBcc: b@c.org"]),
    text,
)
big_integers = st.integers(min_value=-(2**70), max_value=2**70).map(str)
# Ids just past what a 64-bit integer column holds (SQLite cannot even compare them).
past_64_bits = st.sampled_from(["9223372036854775808", "-9223372036854775809", "1" + "0" * 30])
junk_ids = st.one_of(past_64_bits, big_integers, number, st.uuids().map(str), text)
countries = choice("MA", "NL", "NO", "FR", "ma", "XX", "EU")
# Chosen from a list of names, posted as codes: the country's, another country's, a
# province inside a region, any case and spacing, unknown ones, none.
subdivisions = choice(
    "MA-01", "MA-04", "MA-TET", "NL-ZH", "NO-03", "FR-75", "ma-01", " ma-04 ", "XX-99", "MA-", ""
)
coordinates = st.one_of(
    number,
    st.decimals(allow_nan=False, allow_infinity=False, places=8).map(str),
    st.sampled_from(["89.999999", "-180.000001", "1e-999999999", "1E+999999999", "Infinity"]),
)
languages = several(choice("ar", "en", "fr", "es", "ms", "nb", "ug", "zz", "EN", "eng"))
listed = choice("True", "False", "on", "1")

PDF_BYTES = factories.PDF_BYTES
# Valid submissions the tests start from (see ``mix``).
CITY_DETAILS = {
    "name": "Tétouan",
    "kind": "city",
    "country": "MA",
    "subdivision": "MA-01",
    "latitude": "35.57845",
    "longitude": "-5.36837",
    "population": "380787",
    "website": "https://tetouan.example.org",
    "languages": ["ar", "fr"],
    "profile": "A city of the north.",
    "publicly_listed": "True",
}
CONTACTS = {
    "mayor_name": "Mustapha Bakkouri",
    "mayor_title": "Mayor",
    "mayor_email": "mayor@tetouan.example.org",
    "focal_point_name": "Amina Haddad",
    "focal_point_title": "Head of social cohesion",
    "focal_point_email": "amina@tetouan.example.org",
}
TOO_BIG_PDF = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)
file_names = st.one_of(
    st.sampled_from(
        [
            "letter.pdf",
            "letter.PDF",
            "../../../etc/passwd",
            "..\\..\\windows\\win.ini",
            "a/b/c.pdf",
            "/absolute/letter.pdf",
            "letter.svg",
            "letter.html",
            "letter.pdf.exe",
            ".pdf",
            "",
            "x" * 300 + ".pdf",
            "lettre signée.pdf",
            "رسالة.pdf",
            'quote".pdf',
            "line\r\nContent-Type: text/html.pdf",
        ]
    ),
    st.text(max_size=60),
)
content_types = st.one_of(
    st.sampled_from(
        [
            "application/pdf",
            "image/svg+xml",
            "text/html",
            "application/octet-stream",
            "application/x-msdownload",
            "",
        ]
    ),
    ascii_field,
)
file_contents = st.one_of(
    st.sampled_from(
        [
            b"",
            PDF_BYTES,
            b"%PDF-",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            b"<!doctype html><html><script>alert(1)</script></html>",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
            TOO_BIG_PDF,
        ]
    ),
    st.binary(max_size=2000),
    st.binary(max_size=500).map(lambda b: b"%PDF-1.7\n" + b),
)
uploads = st.tuples(file_names, content_types, file_contents)
query_keys = st.one_of(
    st.sampled_from(
        [
            "q",
            "page",
            "city",
            "region",
            "country",
            "kind",
            "joined",
            "priorities",
            "language",
            "next",
            "format",
            "lang",
        ]
    ),
    st.text(max_size=20),
)
query_params = st.dictionaries(query_keys, st.lists(text, min_size=1, max_size=3), max_size=5)
extra_fields = st.dictionaries(st.text(min_size=1, max_size=20), text, max_size=5)


# --- Helpers -------------------------------------------------------------------------------


def clean(data: dict) -> dict:
    """The form data without NUL (see ``no_nul``), lists kept as repeated fields."""
    out = {}
    for key, value in data.items():
        key = no_nul(key)
        if isinstance(value, list):
            out[key] = [no_nul(v) for v in value]
        elif value is not None:
            out[key] = no_nul(value)
    return out


def multipart(fields: dict, files: dict[str, tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart body written by hand: the test client would keep only the base name
    of a file and always send a sensible content type; browsers (and attackers) need not."""
    boundary = f"fuzz-{uuid.uuid4().hex}"
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(head.encode() + value.encode() + b"\r\n")
    for name, (filename, content_type, content) in files.items():
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode("utf-8", "surrogatepass") + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def snapshot(*things) -> dict:
    """Every table's row count, each object's columns (or each queryset's ids), the files."""
    state = {"rows": row_counts(), "files": media_files(), "things": []}
    for thing in things:
        if hasattr(thing, "_meta"):  # a model instance, read again from the database
            state["things"].append(type(thing)._default_manager.filter(pk=thing.pk).values().get())
        else:  # a queryset, e.g. a many-to-many relation
            state["things"].append(sorted(thing.values_list("pk", flat=True)))
    return state


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= messages.ERROR]


def refused(response) -> bool:
    """A form shown again (2xx/4xx), a redirect to sign in, or a redirect that carries
    an error message."""
    if response.status_code != 302:
        return True
    if response.url.split("?")[0] == reverse("account_login"):
        return True
    return bool(error_messages(response))


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """``post(client, url, data)``: form data, or ``body=...`` with a ``content_type``;
    the on-commit callbacks (emails, queued reports) run as after a real commit."""

    def send(client, url, data=None, *, body=None, content_type=None):
        with django_capture_on_commit_callbacks(execute=True):
            if body is not None:
                return client.post(url, data=body, content_type=content_type)
            return client.post(url, clean(data or {}))

    return send


PROJECT_PACKAGES = ("members.", "governance.", "hubs.", "funding.", "resources.", "scn_portal.")


def text_too_long_for_its_column() -> list[str]:
    """Saved text longer than its column allows: SQLite stores it, PostgreSQL refuses it
    (a 500 in production), so an accepted form must never hand it over."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT_PACKAGES):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField) and f.max_length
        ]
        if not fields:
            continue
        for row in model._base_manager.values("pk", *(f.attname for f in fields)):
            found += [
                f"{model._meta.label}.{f.name} #{row['pk']}: {len(row[f.attname])} characters"
                for f in fields
                if isinstance(row[f.attname], str) and len(row[f.attname]) > f.max_length
            ]
    return found


def check(response, before: dict, *things) -> None:
    """Never a 500; a refused submission leaves every row, object and file as it was; an
    accepted one saves nothing PostgreSQL would refuse."""
    assert response.status_code < 500
    event(f"{'refused' if refused(response) else 'accepted'} ({response.status_code})")
    if not refused(response):
        assert text_too_long_for_its_column() == []
        return
    after = snapshot(*things)
    changed = {t: (n, after["rows"].get(t)) for t, n in before["rows"].items()}
    changed = {t: counts for t, counts in changed.items() if counts[0] != counts[1]}
    assert changed == {}, f"refused ({response.status_code}) yet rows changed: {changed}"
    assert after["things"] == before["things"], "refused, yet the object changed"
    assert after["files"] == before["files"], "refused, yet a file was stored"


@pytest.fixture(autouse=True)
def _quick_reports(monkeypatch):
    """Reports (certificates, network at a glance) render instantly: the PDF is not tested."""
    monkeypatch.setattr(
        "scn_portal.reports.services.render_pdf", lambda **kwargs: factories.PDF_BYTES
    )


# --- Fixtures ----------------------------------------------------------------------------


@pytest.fixture
def principles(db) -> PrincipleVersion:
    version = PrincipleVersion.objects.create(label="2023", effective_on=datetime.date(2023, 1, 1))
    for n in (1, 2):
        GuidingPrinciple.objects.create(version=version, number=n, text_en=f"Principle {n}")
    return version


@pytest.fixture
def draft(rabat, official_of_rabat) -> LocalGovernment:
    """Tétouan's draft application, kept by Rabat's focal point."""
    city = factories.LocalGovernmentFactory(name="Tétouan", country="MA", region=rabat.region)
    Membership.objects.create(
        local_government=city,
        status=Membership.Status.APPLICANT,
        application_started_at=timezone.now() - datetime.timedelta(days=1),
        applied_by=official_of_rabat,
    )
    factories.OfficialFactory(person=official_of_rabat.person, local_government=city)
    return city


@pytest.fixture
def rabat_client(client_as):
    return client_as("official_of_rabat")


@pytest.fixture
def priorities(db) -> list[StrategicPriority]:
    return [
        factories.StrategicPriorityFactory(code="prevention"),
        factories.StrategicPriorityFactory(code="youth"),
    ]


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


def mix(data, valid: dict, wild: dict) -> dict:
    """A valid submission with some of its fields (any number, drawn) replaced by the
    generated values: most are refused for a field or two, and some go through, so the
    services behind the forms get arbitrary input too."""
    fuzzed = data.draw(st.sets(st.sampled_from(sorted(wild))), label="fuzzed fields")
    return {**valid, **{name: wild[name] for name in fuzzed}}


# --- Members: asking to act for a city ---------------------------------------------------


@FUZZ
@given(
    data=st.data(),
    q=text,
    role=choice("mayor", "focal_point", "other"),
    position=text,
    note=text,
)
def test_a_refused_claim_leaves_nothing_behind(
    client_as, rabat, oslo, draft, post, data, q, role, position, note
):
    client = client_as("expert")  # verified, acts for no city
    city = data.draw(st.sampled_from([str(c.code) for c in (rabat, oslo, draft)]) | junk_ids)
    search = client.get(url("members:claim"), {"q": q, "city": city})
    assert search.status_code < 500
    valid = {"city": str(oslo.code), "role": "mayor", "position": "Head of cohesion", "note": ""}
    wild = {"city": city, "role": role, "position": position, "note": note}
    fields = mix(data, valid, wild)
    before = snapshot()
    response = post(client, url("members:claim"), fields)
    check(response, before)
    if not refused(response):
        claim = ActingClaim.objects.filter(user=client.user).latest("pk")
        assert claim.position == no_nul(fields["position"]).strip()


# --- Members: the application's steps ---------------------------------------------------


@FUZZ
@given(
    data=st.data(),
    name=text,
    kind=choice("city", "municipality", "region"),
    country=countries,
    subdivision=subdivisions,
    latitude=coordinates,
    longitude=coordinates,
    population=number | big_integers,
    website=text,
    languages=languages,
    profile=text,
    publicly_listed=listed,
)
def test_refused_application_details_change_nothing(
    rabat_client,
    draft,
    oslo,
    post,
    data,
    name,
    kind,
    country,
    subdivision,
    latitude,
    longitude,
    population,
    website,
    languages,
    profile,
    publicly_listed,
):
    wild = {
        "name": name,
        "kind": kind,
        "country": country,
        "subdivision": subdivision,
        "latitude": latitude,
        "longitude": longitude,
        "population": population,
        "website": website,
        "languages": languages,
        "profile": profile,
        "publicly_listed": publicly_listed,
    }
    fields = {
        **mix(data, CITY_DETAILS, wild),
        # Not fields of the form: an official never sets them, whatever is posted.
        "status": "member",
        "region": str(oslo.region_id),
    }
    before = snapshot(draft, draft.membership)
    response = post(rabat_client, url("members:application_details", code=draft.code), fields)
    check(response, before, draft, draft.membership)
    draft.membership.refresh_from_db()
    assert draft.membership.status == Membership.Status.APPLICANT


@FUZZ
@given(
    data=st.data(),
    mayor_name=text,
    mayor_title=text,
    mayor_email=emails,
    focal_point_name=text,
    focal_point_title=text,
    focal_point_email=emails,
)
def test_refused_contacts_change_nothing(
    rabat_client,
    rabat,
    draft,
    post,
    data,
    mayor_name,
    mayor_title,
    mayor_email,
    focal_point_name,
    focal_point_title,
    focal_point_email,
):
    """The same form in the application (a draft) and on a member's page."""
    name = data.draw(
        st.sampled_from(["members:application_contacts", "members:edit_city_contacts"])
    )
    city = draft if name == "members:application_contacts" else rabat
    wild = {
        "mayor_name": mayor_name,
        "mayor_title": mayor_title,
        "mayor_email": mayor_email,
        "focal_point_name": focal_point_name,
        "focal_point_title": focal_point_title,
        "focal_point_email": focal_point_email,
    }
    fields = mix(data, CONTACTS, wild)
    before = snapshot(city, city.membership)
    response = post(rabat_client, url(name, code=city.code), fields)
    check(response, before, city, city.membership)


@FUZZ
@given(
    data=st.data(),
    number=st.integers(min_value=0, max_value=10**30),
    agree=choice("on", "true", "false", "0", "1", ""),
    extra=extra_fields,
)
def test_refused_agreements_change_nothing(
    rabat_client, rabat, draft, principles, post, data, number, agree, extra
):
    """One principle at a time, in the application and when a member recommits."""
    Membership.objects.filter(pk=draft.membership.pk).update(
        application_step=ApplicationStep.CONTACTS
    )
    name = data.draw(
        st.sampled_from(["members:application_principle", "members:recommit_principle"])
    )
    city = draft if name == "members:application_principle" else rabat
    number = data.draw(st.sampled_from([1, 2]) | st.just(number))
    before = snapshot(city, city.membership)
    response = post(
        rabat_client, url(name, code=city.code, number=number), {**extra, "agree": agree}
    )
    check(response, before, city, city.membership)


@FUZZ
@given(
    data=st.data(),
    signatory_name=text,
    signatory_title=text,
    signatory_role=choice("mayor", "delegate", "governor"),
    delegation_note=text,
    letter=st.none() | uploads,
)
def test_a_refused_commitment_stores_no_letter(
    client_as, rabat, draft, principles, post, data, signatory_name, signatory_title,
    signatory_role, delegation_note, letter,
):  # fmt: skip
    """The signatory step with the signed letter: any bytes, any name, any declared type.

    A refused step stores no commitment and no file; an accepted letter is stored under
    a generated name (nothing of the uploader's file name is kept).
    """
    client = client_as("official_of_rabat")
    Membership.objects.filter(pk=draft.membership.pk).update(
        application_step=ApplicationStep.PRINCIPLES + 2
    )
    session = client.session
    session[f"members.recommit.{rabat.code}"] = {"version": principles.pk, "agreed": 2}
    session.save()
    name = data.draw(
        st.sampled_from(["members:application_signatory", "members:recommit_signatory"])
    )
    city = draft if name == "members:application_signatory" else rabat
    signed_on = data.draw(
        dates | st.dates(max_value=timezone.localdate()).map(datetime.date.isoformat)
    )
    valid = {
        "signatory_name": "Mustapha Bakkouri",
        "signatory_title": "Mayor",
        "signatory_role": "mayor",
        "delegation_note": "",
        "signed_on": "2024-03-01",
        "letter": ("letter.pdf", "application/pdf", PDF_BYTES),
    }
    wild = {
        "signatory_name": signatory_name,
        "signatory_title": signatory_title,
        "signatory_role": signatory_role,
        "delegation_note": delegation_note,
        "signed_on": signed_on,
        "letter": letter,
    }
    fields = mix(data, valid, wild)
    letter = fields.pop("letter")
    body, content_type = multipart(clean(fields), {"letter": letter} if letter else {})
    before = snapshot(city, city.membership)
    response = post(client, url(name, code=city.code), body=body, content_type=content_type)
    check(response, before, city, city.membership)
    if refused(response):
        return
    commitment = Commitment.objects.filter(local_government=city).latest("pk")
    new_files = media_files() - before["files"]
    if commitment.letter:
        assert re.fullmatch(r"commitments/[0-9a-f]{32}\.pdf", commitment.letter.name)
        # A re-post of a draft's step without a letter keeps the letter sent before (an
        # upload whose file name is empty, as a browser sends for no file, is no letter).
        kept = commitment.letter.name in before["files"]
        assert new_files == (set() if kept else {commitment.letter.name})
        assert commitment.letter.name in media_files()
        with commitment.letter.open("rb") as letter_file:
            assert letter_file.read(5) == b"%PDF-"
    else:
        assert new_files == set()


# --- Members: a member keeps its city up to date --------------------------------------


@FUZZ
@given(
    data=st.data(),
    names=st.lists(text, min_size=4, max_size=4),
    profiles=st.lists(text, min_size=4, max_size=4),
    kind=choice("city", "municipality", "region"),
    subdivision=subdivisions,
    latitude=coordinates,
    longitude=coordinates,
    population=number | big_integers,
    website=text,
    languages=languages,
    publicly_listed=listed,
)
def test_a_refused_city_profile_changes_nothing(
    rabat_client, rabat, oslo, priorities, post, data, names, profiles, kind, subdivision,
    latitude, longitude, population, website, languages, publicly_listed,
):  # fmt: skip
    """The profile in four languages, the location, and the priorities the city opts into."""
    own_priorities = [str(p.pk) for p in priorities]
    chosen = data.draw(several(st.sampled_from(own_priorities) | junk_ids))
    valid = {
        "name_en": "Rabat",
        "name_ar": "الرباط",
        "name_fr": "Rabat",
        "name_es": "Rabat",
        "profile_en": "The capital.",
        "kind": "city",
        "subdivision": "MA-04",
        "latitude": "34.02088",
        "longitude": "-6.84165",
        "population": "577827",
        "website": "https://rabat.example.org",
        "languages": ["ar", "fr"],
        "publicly_listed": "True",
        "priorities": own_priorities[:1],
    }
    wild = {
        **{f"name_{code}": v for code, v in zip(["en", "ar", "fr", "es"], names, strict=True)},
        **{
            f"profile_{code}": v for code, v in zip(["en", "ar", "fr", "es"], profiles, strict=True)
        },
        "kind": kind,
        "subdivision": subdivision,
        "latitude": latitude,
        "longitude": longitude,
        "population": population,
        "website": website,
        "languages": languages,
        "publicly_listed": publicly_listed,
        "priorities": chosen,
    }
    fields = {
        **mix(data, valid, wild),
        # Not fields of the form: the country of a member and its region stay.
        "country": "NO",
        "region": str(oslo.region_id),
    }
    before = snapshot(rabat, rabat.membership, rabat.priorities.all())
    response = post(rabat_client, url("members:edit_city_profile", code=rabat.code), fields)
    check(response, before, rabat, rabat.membership, rabat.priorities.all())
    rabat.refresh_from_db()
    assert (rabat.country, rabat.region_id) == ("MA", before["things"][0]["region_id"])


@FUZZ
@given(
    data=st.data(),
    email=emails,
    language=choice("en", "ar", "fr", "es", "de", "EN"),
    message=text,
)
def test_a_refused_invitation_sends_nothing(
    rabat_client, rabat, post, mailoutbox, data, email, language, message
):
    """An accepted invitation is recorded and emailed once; a refused one records and
    sends nothing, whether a field is invalid or, as the examples pile up in one
    database, the address was already invited today or the city reached its daily limit."""
    valid = {"email": "colleague@rabat.example.org", "language": "fr", "message": ""}
    wild = {"email": email, "language": language, "message": message}
    sent = len(mailoutbox)
    before = snapshot()
    response = post(
        rabat_client, url("members:invite_colleague", code=rabat.code), mix(data, valid, wild)
    )
    check(response, before)
    if refused(response):
        assert len(mailoutbox) == sent
    else:
        assert len(mailoutbox) == sent + 1


@FUZZ
@given(data=st.data(), extra=extra_fields)
def test_actions_without_fields_never_fail(
    client_as, rabat, oslo, draft, principles, post, data, extra
):
    """Submitting or restarting an application and asking for a certificate take no
    field: arbitrary extra fields, other cities' codes and unknown codes change nothing
    they should not. The draft is complete, so the first submission goes through."""
    Membership.objects.filter(pk=draft.membership.pk).update(
        application_step=ApplicationStep.COMMITMENT
    )
    if not Commitment.objects.filter(local_government=draft).exists():
        factories.CommitmentFactory(local_government=draft, version=principles)
    name = data.draw(
        st.sampled_from(
            ["members:application_submit", "members:application_restart", "members:certificate"]
        )
    )
    persona = data.draw(st.sampled_from(["official_of_rabat", "expert", "official_of_other_city"]))
    code = data.draw(st.sampled_from([rabat.code, oslo.code, draft.code]) | st.uuids())
    client = client_as(persona)
    before = snapshot()
    response = post(client, url(name, code=code), extra)
    check(response, before)


# --- Governance: meetings and minutes -----------------------------------------------------


@FUZZ
@given(time_zone=choice("Africa/Casablanca", "UTC", "Europe/Oslo", "Mars/Olympus", "utc", ""))
def test_time_zone_choice_never_fails(client_as, post, time_zone):
    client = client_as("isc_member")
    response = post(client, url("governance:meeting_time_zone"), {"time_zone": time_zone})
    assert response.status_code < 500
    assert client.get(url("governance:meeting_list")).status_code == 200


@FUZZ
@given(
    persona=st.sampled_from(["isc_member", "mu_staff", "expert", "official_of_rabat"]),
    extra=extra_fields,
)
def test_only_the_owner_replaces_a_calendar_link(
    client_as, isc_member, mu_staff, expert, official_of_rabat, post, persona, extra
):
    """The action takes no field: whatever is posted, ISC members and staff replace their
    own address (and nobody else's); anyone else changes nothing."""
    people = {
        "isc_member": isc_member,
        "mu_staff": mu_staff,
        "expert": expert,
        "official_of_rabat": official_of_rabat,
    }
    tokens = {name: feed_token(user) for name, user in people.items()}
    before = snapshot()
    response = post(client_as(persona), url("governance:replace_calendar_link"), extra)
    check(response, before)
    ended = {name for name, token in tokens.items() if user_for_token(token) is None}
    if refused(response):
        assert ended == set()
    else:
        assert persona in ("isc_member", "mu_staff") and ended == {persona}


@pytest.fixture
def circulated_minutes(db) -> Minutes:
    minutes = factories.make_minutes(items=2)
    minutes.status = Minutes.Status.CIRCULATED
    minutes.review_deadline = timezone.now() + datetime.timedelta(days=7)
    minutes.circulated_at = timezone.now()
    minutes.save()
    return minutes


@pytest.fixture
def other_meeting(db):
    return factories.make_minutes(items=1).meeting


@FUZZ
@given(
    data=st.data(),
    comment=text,
    verdict=choice("no_comments", "approve", "commented", "reject"),
)
def test_refused_comments_and_answers_on_minutes_change_nothing(
    client_as, isc_member, circulated_minutes, other_meeting, post, data, comment, verdict
):
    minutes = circulated_minutes
    items = [str(i.pk) for i in minutes.meeting.agenda_items.all()]
    items += [str(i.pk) for i in other_meeting.agenda_items.all()]
    agenda_item = data.draw(st.sampled_from(items) | junk_ids)
    persona = data.draw(st.sampled_from(["isc_member", "isc_member", "mu_staff", "expert"]))
    client = client_as(persona)
    before = snapshot(minutes)
    if data.draw(st.booleans()):
        valid = {"agenda_item": items[0], "text": "Item 1 should name the rapporteur."}
        fields = mix(data, valid, {"agenda_item": agenda_item, "text": comment})
        response = post(client, url("governance:minutes_comment", code=minutes.code), fields)
    else:
        fields = {"verdict": verdict}
        response = post(client, url("governance:minutes_review", code=minutes.code), fields)
    check(response, before, minutes)
    if not refused(response):
        assert persona == "isc_member"
        assert MinutesReview.objects.filter(minutes=minutes, reviewer=isc_member).exists()
        for comment in MinutesComment.objects.filter(minutes=minutes):
            assert comment.agenda_item.meeting_id == minutes.meeting_id


# --- Governance: working groups and the pool of experts ----------------------------------


@pytest.fixture
def groups(db) -> tuple[WorkingGroup, WorkingGroup]:
    """An open working group and a closed one."""
    return (
        factories.WorkingGroupFactory(topic="Youth"),
        factories.WorkingGroupFactory(topic="Closed", status=WorkingGroup.Status.CLOSED),
    )


@FUZZ
@given(data=st.data(), extra=extra_fields)
def test_a_refused_request_to_join_changes_nothing(
    rabat_client, rabat, oslo, draft, groups, post, data, extra
):
    group = data.draw(st.sampled_from(groups))
    city = data.draw(st.sampled_from([str(c.code) for c in (rabat, oslo, draft)]) | junk_ids)
    before = snapshot(group)
    response = post(
        rabat_client, url("governance:join_working_group", code=group.code), {**extra, "city": city}
    )
    check(response, before, group)
    if not refused(response):
        assert group == groups[0] and city in (str(rabat.code), str(draft.code))


@pytest.fixture
def join_requests(rabat, oslo, groups) -> dict:
    """A pending request to join the open group, one to join another group, its convenor."""
    group = groups[0]
    other = factories.WorkingGroupFactory(topic="Elsewhere")
    pending = [
        WorkingGroupMembership.objects.create(
            group=g,
            person=factories.PersonFactory(),
            local_government=city,
            status=WorkingGroupMembership.Status.REQUESTED,
        )
        for g, city in ((group, rabat), (other, oslo))
    ]
    return {"group": group, "pending": pending, "convenor": factories.make_convenor(group)}


@FUZZ
@given(
    data=st.data(),
    who=st.sampled_from(["convenor", "mu_staff", "official_of_rabat"]),
    decision=choice("accept", "decline", "ACCEPT", "maybe"),
)
def test_refused_join_decisions_change_nothing(client_as, join_requests, post, data, who, decision):
    group, pending = join_requests["group"], join_requests["pending"]
    request_id = data.draw(st.sampled_from([str(m.pk) for m in pending]) | junk_ids)
    if who == "convenor":
        client = Client()
        client.force_login(join_requests["convenor"])
    else:
        client = client_as(who)
    before = snapshot(*pending)
    response = post(
        client,
        url("governance:working_group_requests", code=group.code),
        {"request": request_id, "decision": decision},
    )
    check(response, before, *pending)
    # A request of another group is never decided from this group's page.
    pending[1].refresh_from_db()
    assert pending[1].status == WorkingGroupMembership.Status.REQUESTED


@FUZZ
@given(
    data=st.data(),
    profile=choice("practitioner", "academic", "official", "nobody"),
    expertise=text,
    availability=text,
    languages=languages,
)
def test_a_refused_expert_profile_changes_nothing(
    client_as, expert, priorities, post, data, profile, expertise, availability, languages
):
    client = client_as("expert")
    own = Expert.objects.get(person__user=expert)
    region = factories.RegionFactory(code="mena")  # get_or_create: one for every example
    valid = {
        "profile": "practitioner",
        "expertise": "Youth councils",
        "availability": "",
        "languages": ["fr"],
        "priorities": [str(priorities[0].pk)],
        "regions": [str(region.pk)],
        "available_from": "2025-01-01",
        "available_until": "",
    }
    wild = {
        "profile": profile,
        "expertise": expertise,
        "availability": availability,
        "languages": languages,
        "priorities": data.draw(
            several(st.sampled_from([str(p.pk) for p in priorities]) | junk_ids)
        ),
        "regions": data.draw(several(st.sampled_from([str(region.pk)]) | junk_ids)),
        "available_from": data.draw(dates),
        "available_until": data.draw(dates),
    }
    fields = {
        **mix(data, valid, wild),
        # Not fields of the form: an expert never deactivates or moves their profile.
        "is_active": "",
        "person": str(own.person_id + 1),
    }
    before = snapshot(own, own.priorities.all(), own.regions.all())
    response = post(client, url("governance:edit_expert", code=own.person.code), fields)
    check(response, before, own, own.priorities.all(), own.regions.all())
    own.refresh_from_db()
    assert own.is_active and own.person.user == expert


# --- Reports --------------------------------------------------------------------------------


@FUZZ
@given(data=st.data(), language=choice("en", "ar", "fr", "es", "de"))
def test_a_refused_report_request_changes_nothing(client_as, post, data, language):
    kinds = [k.code for k in registry.all_kinds()]
    kind = data.draw(st.sampled_from(kinds) | text)
    persona = data.draw(st.sampled_from(["mu_staff", "mu_staff", "official_of_rabat"]))
    client = client_as(persona)
    before = snapshot()
    response = post(client, url("reports:list"), {"kind": kind, "language": language})
    check(response, before)
    if not refused(response):
        report = ReportRequest.objects.latest("pk")
        assert (report.kind, report.language, persona) == (kind, language, "mu_staff")


# --- Personal data ----------------------------------------------------------------------


@FUZZ
@given(
    data=st.data(),
    persona=st.sampled_from(["mu_staff", "mu_staff", "hub_staff_mena", "official_of_rabat"]),
    confirm=choice("on", "true", "false", "0", ""),
    extra=extra_fields,
)
def test_a_refused_erasure_changes_nothing(
    client_as, official_of_rabat, isc_member, expert, post, data, persona, confirm, extra
):
    """Staff erase a person's data after ticking a box; nobody else, and never half."""
    people = [user.person for user in (official_of_rabat, isc_member, expert)]
    code = data.draw(st.sampled_from([p.code for p in people]) | st.uuids())
    client = client_as(persona)
    before = snapshot(*people)
    response = post(
        client, url("web:personal_data_erase", code=code), {**extra, "confirm": confirm}
    )
    check(response, before, *people)
    if not refused(response):
        assert persona == "mu_staff"


# --- MEL: a period's figures taken again ------------------------------------------------


@FUZZ
@given(
    data=st.data(),
    persona=st.sampled_from(["mu_staff", "mu_staff", "hub_staff_mena", "official_of_rabat"]),
    reason=text,
    extra=extra_fields,
)
def test_a_refused_rerun_of_a_periods_figures_changes_nothing(
    client_as, post, data, persona, reason, extra
):
    """Management Unit staff take a period's figures again with a reason; without one, or
    as anyone else, or for no snapshot, nothing is added."""
    snapshot = test_url_matrix._mel_snapshot(None)
    pk = data.draw(st.sampled_from([snapshot.pk]) | st.integers(min_value=0, max_value=2**64))
    client = client_as(persona)
    before = row_counts()
    response = post(client, url("mel:rerun", pk=pk), {**extra, "reason": reason})
    assert response.status_code < 500
    if refused(response):
        assert row_counts() == before
    else:
        assert persona == "mu_staff" and pk == snapshot.pk and reason.strip()
        assert row_counts() != before


@FUZZ
@given(
    persona=st.sampled_from(["mu_staff", "mu_staff", "hub_staff_mena", "official_of_rabat"]),
    year=choice("2025", "2024", "2021", "1999", "3000", "-1", ""),
    language=choice("en", "ar", "fr", "es", "de"),
    extra=extra_fields,
)
def test_a_refused_annual_report_request_changes_nothing(
    client_as, post, persona, year, language, extra
):
    """Management Unit staff ask for a recent year's report in one of the four languages;
    anything else is refused and queues nothing."""
    client = client_as(persona)
    before = snapshot()
    response = post(client, url("mel:annual_report"), {**extra, "year": year, "language": language})
    check(response, before)
    if not refused(response):
        report = ReportRequest.objects.latest("pk")
        assert (persona, report.kind, report.language) == ("mu_staff", ANNUAL_REPORT, language)


@FUZZ
@given(
    data=st.data(),
    persona=st.sampled_from(["mu_staff", "mu_staff", "hub_staff_mena", "isc_member"]),
    extra=extra_fields,
)
def test_a_refused_filing_of_the_annual_report_changes_nothing(
    client_as, mu_staff, post, data, persona, extra
):
    """A finished annual report is filed with a meeting of its year or the next; another
    meeting, another report, another person: nothing is filed."""
    meeting = factories.MeetingFactory()
    report = ReportRequest.objects.filter(kind=ANNUAL_REPORT, status="done").first()
    if report is None:
        report = ReportRequest.objects.create(
            kind=ANNUAL_REPORT,
            language="en",
            parameters={"year": meeting.starts_at.year - 1},
            requested_by=mu_staff,
            status="done",
        )
        report.file.save("annual.pdf", ContentFile(PDF_BYTES))
    code = data.draw(st.sampled_from([report.code]) | st.uuids())
    destination = data.draw(
        st.sampled_from(["isc_meeting"]) | st.from_regex(r"[a-z_]{1,12}", fullmatch=True)
    )
    target = data.draw(st.sampled_from([str(meeting.code)]) | st.uuids().map(str) | text)
    client = client_as(persona)
    before = snapshot()
    response = post(
        client,
        url("mel:file_annual_report", code=code, destination=destination),
        {**extra, "target": target},
    )
    check(response, before)
    if not refused(response):
        assert persona == "mu_staff" and target == str(meeting.code)


# --- The read API and every page's query string -------------------------------------------


@FUZZ
@given(params=query_params, language=st.sampled_from(["en", "ar", "fr", "es"]))
def test_the_directory_feed_ignores_any_query(client, rabat, oslo, params, language):
    response = client.get(f"/{language}/cities/feed.json", params)
    assert response.status_code == 200
    feed = json.loads(response.content)
    assert feed["count"] == len(feed["cities"])


@FUZZ
@given(data=st.data(), token=text, params=query_params)
def test_calendar_feeds_answer_only_a_valid_token(client, isc_member, expert, data, token, params):
    valid = feed_token(isc_member)
    not_isc = feed_token(expert)
    token = data.draw(
        st.sampled_from([valid, not_isc, valid[:-1], valid + "x", valid.upper()]) | st.just(token)
    )
    response = client.get(f"/en/isc/calendar/{quote(token, safe='')}.ics", params)
    assert response.status_code < 500
    if response.status_code == 200:
        assert token == valid
        assert response["Content-Type"].startswith("text/calendar")
    else:
        assert token != valid


@FUZZ
@given(
    language=st.one_of(choice("fr", "ar", "zz"), st.just("")),
    priority=choice("prevention", "youth", ""),
    region=choice("mena", "europe", ""),
    profile=choice("practitioner", "academic", ""),
    available_on=dates,
    expertise=text,
    page=number,
)
def test_the_search_of_experts_never_fails(
    client_as, expert, priorities, language, priority, region, profile, available_on,
    expertise, page,
):  # fmt: skip
    params = {
        "language": language,
        "priority": priority,
        "region": region,
        "profile": profile,
        "available_on": available_on,
        "expertise": expertise,
        "page": page,
    }
    response = client_as("mu_staff").get(url("governance:expert_search"), params)
    assert response.status_code < 500


@FUZZ
@given(effective_on=text | dates)
def test_terms_of_reference_of_any_date_never_fail(client, db, effective_on):
    path = f"/en/isc/terms-of-reference/{quote(effective_on, safe='')}/"
    assert client.get(path).status_code < 500


def _readable_pages(world):
    """(URL, persona) for each page of the URL matrix a GET opens, outside the admin and
    allauth, with the first persona that gets a 200 there, else the first signed-in one
    sent on (a step of a flow); pages only a POST opens are left to the tests above."""
    pages = []
    for name, row in sorted(ROWS.items()):
        if row.method != "get" or name.startswith("admin:"):
            continue
        path = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
        if any(module.startswith("allauth.") for module in _included_from(resolve(path))):
            continue
        persona = next(
            (p for p in PERSONAS if row.expect[p] == 200),
            next((p for p in PERSONAS if p != "anonymous" and row.expect[p] < 400), None),
        )
        if persona is not None:
            pages.append((path, persona))
    return pages


@SETTINGS_FEW
@given(params=query_params)
def test_no_page_fails_on_any_query_string(world, client_as, params):
    """Every page (public, portal, ISC, personal, JSON and ICS) with arbitrary parameters,
    as someone who may open it; a GET never changes a row."""
    before = row_counts()
    for path, persona in _readable_pages(world):
        client = client_as(persona)
        response = client.get(path, params)
        assert response.status_code < 500, f"{path} as {persona}: {response.status_code}"
    assert row_counts() == before


# --- Every POST URL is fuzzed --------------------------------------------------------------

CONVERTER_SAMPLES = {"uuid": str(uuid.uuid4()), "int": "1", "str": "x", "slug": "x", "path": "x"}


def _sample_path(route: str) -> str:
    """A path the route matches: each ``<converter:name>`` of a ``path()`` route, and each
    ``(?P<name>...)`` group of a regular-expression route (allauth has a few), replaced
    by a sample value; the expression's anchors dropped."""
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTER_SAMPLES[m[1] or "str"], path)
    return "/" + path.replace("^", "").replace("$", "")


def _allowed_methods(view) -> set[str] | None:
    """The methods a ``require_http_methods`` decorator (``require_POST``/``require_GET``
    included) anywhere in the view's stack of decorators allows; None when there is none.

    The stack is followed through ``__wrapped__`` and through the functions a decorator's
    wrapper closes over (allauth's ``verified_email_required`` does not set ``__wrapped__``).
    """
    seen, stack = set(), [view]
    while stack:
        function = stack.pop()
        if id(function) in seen or not inspect.isfunction(function):
            continue
        seen.add(id(function))
        nonlocals = inspect.getclosurevars(function).nonlocals
        if "request_method_list" in nonlocals:
            return {m.upper() for m in nonlocals["request_method_list"]}
        stack.extend(v for v in nonlocals.values() if inspect.isfunction(v))
        stack.append(getattr(function, "__wrapped__", None))
    return None


def accepts_post(callback) -> bool:
    """Whether a view answers a POST with anything but 405.

    - A class-based view (``FormView``, ``UpdateView``, ``CreateView``, any ``View``)
      accepts a POST when it defines ``post`` and allows "post" in ``http_method_names``.
    - A function view accepts a POST when a ``require_http_methods`` decorator
      (``require_POST`` is one) allows it, or when it has no such decorator at all: a
      function view without one answers every method, POST included.
    """
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    allowed = _allowed_methods(callback)
    return allowed is None or "POST" in allowed


def _included_from(match) -> list[str]:
    """The URL conf modules a resolved URL was included through (``tried[-1]`` is the
    chain of patterns that matched)."""
    return [
        getattr(p.urlconf_module, "__name__", "")
        for p in match.tried[-1]
        if isinstance(p, URLResolver)
    ]


def portal_post_urls() -> set[str]:
    """URL names outside the admin and allauth whose view accepts a POST.

    The patterns come from the URL matrix's ``walk``; each route is resolved (with
    sample values for its parameters) to find its view, so a view is judged by what
    actually answers that URL. The admin's names and the URLs included from allauth's
    URL confs are left out (allauth's sign-up and sign-in are fuzzed in
    ``test_fuzz_forms.py``; the rest is allauth's own).
    """
    found = set()
    for name, route in walk(get_resolver().url_patterns):
        if not name or name.startswith("admin:"):
            continue
        match = resolve(_sample_path(route))
        assert match.view_name == name, f"{route} resolved to {match.view_name}, not {name}"
        if any(module.startswith("allauth.") for module in _included_from(match)):
            continue
        if accepts_post(match.func):
            found.add(name)
    return found


def test_every_post_url_is_fuzzed():
    missing = sorted(portal_post_urls() - set(FUZZED_FORMS))
    assert missing == [], (
        "Add a property-based test for these forms to tests/platform/test_fuzz_portal_forms.py "
        "and list them in FUZZED_FORMS"
    )


def test_the_table_of_fuzzed_forms_is_current():
    """Each listed URL exists and accepts a POST, and its test exists."""
    assert sorted(set(FUZZED_FORMS) - discovered_names()) == []
    assert sorted(set(FUZZED_FORMS) - portal_post_urls()) == []
    for test in FUZZED_FORMS.values():
        module, _, name = test.rpartition("::")
        holder = importlib.import_module(module) if module else globals()
        found = getattr(holder, name, None) if module else holder.get(name)
        assert callable(found), f"{test} does not exist"


def test_post_detection_tells_get_pages_from_forms():
    """The detection itself: known forms and POST-only actions found, GET pages not."""
    found = portal_post_urls()
    assert {"members:edit_city_profile", "members:certificate", "governance:edit_expert"} <= found
    get_pages = {"members:directory", "members:directory_feed", "governance:meeting_feed"}
    assert not get_pages & found
    assert "healthz" not in found and "web:dashboard" not in found


# --- Hubs: needs mapping and the help desk --------------------------------------------------


@FUZZ
@given(
    data=st.data(),
    capacities=text,
    support=text,
    gap=text,
    severity=choice("1", "2", "3", "4", "0", "5", "-1"),
    total=choice("0", "1", "3", "11", "-1", "1000"),
    persona=st.sampled_from(["official_of_rabat", "official_of_other_city", "hub_staff_mena"]),
)
def test_a_refused_needs_assessment_changes_nothing(
    client_as, rabat, priorities, post, data, capacities, support, gap, severity, total, persona
):
    """A city's own needs assessment: any text, severities and priority ids outside the
    choices, a management form that lies about the number of gaps, the wrong person."""
    valid = {
        "priorities": [str(priorities[0].pk)],
        "current_capacities": "A youth council.",
        "support_requested": "Training.",
        "gaps-TOTAL_FORMS": "1",
        "gaps-INITIAL_FORMS": "0",
        "gaps-0-priority": str(priorities[1].pk),
        "gaps-0-description": "No youth worker.",
        "gaps-0-severity": "3",
    }
    wild = {
        "priorities": data.draw(several(junk_ids)),
        "current_capacities": capacities,
        "support_requested": support,
        "gaps-TOTAL_FORMS": total,
        "gaps-0-priority": data.draw(junk_ids),
        "gaps-0-description": gap,
        "gaps-0-severity": severity,
    }
    client = client_as(persona)  # the persona exists before the snapshot
    before = snapshot()
    response = post(client, url("hubs:city_needs", code=rabat.code), mix(data, valid, wild))
    check(response, before)


@FUZZ
@given(
    data=st.data(),
    category=choice("youth", "strategy", "other", "Youth", ""),
    subject=text,
    body=text,
    upload=st.none() | uploads,
)
def test_a_refused_help_desk_request_stores_nothing(
    rabat_client, rabat, mena_hub, post, data, category, subject, body, upload
):
    """Asking the help desk with any text, category and attachment (any bytes, name and
    declared type): a refused request stores no row and no file; an accepted one keeps
    its files under generated names only."""
    valid = {"category": "youth", "subject": "A youth council", "body": "How?"}
    wild = {"category": category, "subject": subject, "body": body}
    fields = mix(data, valid, wild)
    body_bytes, content_type = multipart(clean(fields), {"files": upload} if upload else {})
    before = snapshot()
    response = post(
        rabat_client,
        url("hubs:city_help_desk", code=rabat.code),
        body=body_bytes,
        content_type=content_type,
    )
    check(response, before)
    for name in media_files() - before["files"]:
        assert re.fullmatch(r"private/helpdesk/[0-9a-f-]{36}/[0-9a-f]{32}\.(pdf|png|jpg)", name)


@pytest.fixture
def help_request(rabat, official_of_rabat, mena_hub):
    from hubs.services.helpdesk import ask_help_desk

    return ask_help_desk(
        city=rabat, actor=official_of_rabat, category="youth", subject="A question", body="?"
    )


@FUZZ
@given(
    data=st.data(),
    action=choice("reply", "close", "reopen", "assign", "start"),
    body=text,
    internal=listed,
    rating=choice("1", "5", "0", "6", "-1", ""),
    comment=text,
    persona=st.sampled_from(
        ["official_of_rabat", "official_of_other_city", "hub_staff_mena", "hub_staff_other"]
    ),
)
def test_refused_help_desk_answers_and_actions_change_nothing(
    client_as, help_request, post, data, action, body, internal, rating, comment, persona
):
    """The city's and staff's pages of one request: any action, text, rating and assignee
    (other people's ids, unknown ids), by the right person or the wrong one."""
    name = data.draw(st.sampled_from(["hubs:help_request", "hubs:staff_help_request"]))
    fields = {
        "action": action,
        "body": body,
        "internal": internal,
        "rating": rating,
        "comment": comment,
        "assignee": data.draw(junk_ids),
    }
    client = client_as(persona)  # the persona exists before the snapshot
    before = snapshot(help_request)
    response = post(client, url(name, code=help_request.code), fields)
    check(response, before, help_request)


@FUZZ
@given(
    data=st.data(),
    hub=choice("mena", "western-balkans", "nowhere", ""),
    year=choice("2026", "2014", "2101", "-1", "99999999999999999999"),
    quarter=choice("1", "4", "0", "5", "x"),
    language=choice("en", "ar", "fr", "es", "de"),
    persona=st.sampled_from(["hub_staff_mena", "hub_staff_other", "official_of_rabat"]),
)
def test_a_refused_hub_report_request_changes_nothing(
    client_as, mena_hub, balkans_hub, post, data, hub, year, quarter, language, persona
):
    """A hub quarterly report for any hub, year, quarter and language, by the hub's staff,
    another hub's, or an official: refused requests queue no report."""
    client = client_as(persona)  # the persona exists before the snapshot
    valid = {"hub": "mena", "year": "2026", "quarter": "2", "language": "en"}
    wild = {"hub": hub, "year": year, "quarter": quarter, "language": language}
    before = snapshot()
    response = post(client, url("hubs:hub_report"), mix(data, valid, wild))
    check(response, before)


# --- Resources: a city's good practice, its changes, staff's review ---------------------


@FUZZ
@given(
    data=st.data(),
    title=text,
    summary=text,
    body=text,
    kind=choice("good_practice", "policy", "toolkit"),
    languages=languages,
    external_url=text,
    editing=st.booleans(),
)
def test_a_refused_good_practice_changes_nothing(
    rabat_client, rabat, oslo, official_of_rabat, post, data, title, summary, body, kind,
    languages, external_url, editing,
):  # fmt: skip
    """Submitted for a city (the official's, another's, an id that means nothing), or
    changed as a draft after staff asked for changes."""
    valid = {
        "city": str(rabat.pk),
        "kind": "good_practice",
        "title": "Youth councils",
        "summary": "How the districts elect them.",
        "body": "<p>Each district.</p>",
        "languages": ["ar", "fr"],
        "external_url": "https://rabat.example.org/youth",
    }
    wild = {
        "city": data.draw(st.sampled_from([str(rabat.pk), str(oslo.pk)]) | junk_ids),
        "kind": kind,
        "title": title,
        "summary": summary,
        "body": body,
        "languages": languages,
        "external_url": external_url,
    }
    fields = mix(data, valid, wild)
    target = url("resources:submit")
    things = []
    if editing:
        draft = factories.make_resource(
            status="draft",
            author_kind="city",
            author_city=rabat,
            submitted_by=official_of_rabat,
            kind="good_practice",
        )
        target = url("resources:edit_submission", code=draft.code)
        things = [draft]
    before = snapshot(*things)
    response = post(rabat_client, target, fields)
    check(response, before, *things)


@FUZZ
@given(
    decision=choice("publish", "archive", "changes"),
    note=text,
    who=st.sampled_from(["mu_staff", "hub_staff_mena", "hub_staff_other", "official_of_rabat"]),
)
def test_a_refused_review_decision_changes_nothing(client_as, rabat, post, decision, note, who):
    submitted = factories.make_resource(status="in_review", author_kind="city", author_city=rabat)
    client = client_as(who)
    before = snapshot(submitted)
    response = post(
        client,
        url("resources:review_decide", code=submitted.code),
        {"decision": decision, "note": note},
    )
    check(response, before, submitted)


# --- Activities: registering, cancelling, answering an offer of a seat -------------------


@pytest.fixture
def activity_with_a_wait_list(official_of_rabat, isc_member):
    """A one-seat activity: Rabat's focal point holds the seat, the ISC member is offered
    another freed one (as if a second seat had been added and offered)."""
    from hubs.models import Registration

    activity = factories.ActivityFactory(capacity=2)
    seat = factories.make_registration(activity, official_of_rabat)
    offered = Registration.objects.create(
        activity=activity,
        user=isc_member,
        status=Registration.Status.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=12),
        offers_made=1,
    )
    return {"activity": activity, "seat": seat, "offered": offered}


@FUZZ
@given(
    data=st.data(),
    city=junk_ids,
    dietary=text,
    access=text,
    language=choice("ar", "fr", "", "de", "AR"),
    persona=st.sampled_from(["official_of_rabat", "official_of_other_city", "hub_staff_mena"]),
)
def test_a_refused_registration_changes_nothing(
    client_as, rabat, post, data, city, dietary, access, language, persona
):
    """Registering with any needs, any city id (another's, unknown ones) and language, by
    anyone signed in: refused with nothing kept, or a registration saved within limits."""
    activity = factories.ActivityFactory(capacity=1)
    valid = {
        "local_government": "",
        "dietary_needs": "Vegetarian",
        "access_needs": "",
        "interpretation_language": "ar",
    }
    wild = {
        "local_government": city,
        "dietary_needs": dietary,
        "access_needs": access,
        "interpretation_language": language,
    }
    client = client_as(persona)
    before = snapshot()
    response = post(client, url("activities:register", code=activity.code), mix(data, valid, wild))
    check(response, before)


@FUZZ
@given(
    data=st.data(),
    answer=choice("accept", "decline", "", "ACCEPT", "maybe"),
    token=st.sampled_from(["offered", "seat", "junk"]),
    persona=st.sampled_from(["official_of_rabat", "official_of_other_city", "anonymous"]),
)
def test_refused_cancellations_and_offer_answers_change_nothing(
    client_as, activity_with_a_wait_list, post, data, answer, token, persona
):
    """Cancelling someone's registration, and answering an offer with any answer, through
    its link, another registration's link, or a forged one, by anyone."""
    from hubs.activity_emails import offer_token

    world = activity_with_a_wait_list
    client = client_as(persona)
    before = snapshot(world["seat"], world["offered"])
    if data.draw(st.booleans(), label="cancel"):
        response = post(client, url("activities:cancel", code=world["seat"].code), {})
    else:
        secret = offer_token(world[token]) if token != "junk" else "WzEsMV0:junk:junk"
        response = post(client, url("activities:offer", token=secret), {"answer": answer})
    check(response, before, world["seat"], world["offered"])
