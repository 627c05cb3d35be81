"""Every URL of the project, requested as every role; the expected answers are declared here.

The test discovers the URL patterns itself (the admin and allauth included). A pattern
missing from the declarations fails the test, so a new page cannot slip through without
someone deciding who may open it. Objects of another city or hub answer 404 (or, in the
admin, the "does not exist" redirect), so ids leak nothing.

To see what every role gets today (when adding a page), run with SCN_MATRIX_PRINT=1.
"""

import datetime
import logging
import os
import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from governance.ics import feed_token
from governance.models import CoChairTerm, IscTerm, MeetingPaper, Minutes, TermsOfReference
from hubs.activity_emails import offer_token
from hubs.models import HelpAttachment, NeedsAssessment, Registration
from hubs.services.helpdesk import ask_help_desk
from members.models import Commitment, Invitation, LocationChange, Membership, PrincipleVersion
from members.services.certificates import issue_certificate
from scn_portal.admin_site import SUPERUSER_ONLY
from scn_portal.reports.models import ReportRequest
from tests import factories
from tests.conftest import PERSONAS
from tests.funding import fund_matrix
from tests.funding import matrix as funding_matrix

ANON = "anonymous"
SIGNED_IN = [p for p in PERSONAS if p != ANON]
STAFF = ["mu_staff", "superuser"]
NOT_STAFF = ["official_of_rabat", "official_of_other_city", "isc_member", "expert"]
HUB = ["hub_staff_mena", "hub_staff_other"]


def answers(default: int, **by_persona: int) -> dict[str, int]:
    table = {p: default for p in PERSONAS}
    table.update(by_persona)
    return table


def group(personas, status) -> dict[str, int]:
    return dict.fromkeys(personas, status)


PUBLIC = answers(200)
SIGNED_IN_ONLY = answers(200, anonymous=302)
GUESTS_ONLY = answers(302, anonymous=200)  # sign-in pages send a signed-in person on
OFFICIAL_OF_RABAT_ONLY = answers(404, anonymous=302, official_of_rabat=200)
MU_ONLY_404 = answers(404, anonymous=302, mu_staff=200, superuser=200)
ISC_AND_STAFF = answers(404, anonymous=302, isc_member=200, mu_staff=200, superuser=200)


@dataclass
class Row:
    expect: dict[str, int]
    kwargs: object = None  # a callable world -> kwargs, or None
    method: str = "get"
    note: str = ""
    extra: dict = field(default_factory=dict)
    # A 404 here is a rule saying no, logged as a refused authorisation; False where it
    # only means there is nothing to show.
    not_found_is_refusal: bool = True
    # Whose second factor the page needs in production: "staff" (staff must have one),
    # "isc" (ISC members and staff), or None (nobody's). A page only staff or ISC members
    # can open must name one, or say in ``no_second_factor`` why it needs none.
    second_factor: str | None = None
    no_second_factor: str = ""


STAFF_2FA = {"second_factor": "staff"}
ISC_2FA = {"second_factor": "isc"}


# --- The declarations -----------------------------------------------------------------

ROWS: dict[str, Row] = {
    "healthz": Row(PUBLIC),
    "web:home": Row(PUBLIC),
    "web:dashboard": Row(SIGNED_IN_ONLY),
    "web:personal_data_export": Row(
        MU_ONLY_404, kwargs=lambda w: {"code": w.official_of_rabat.person.code}, **STAFF_2FA
    ),
    "web:personal_data_erase": Row(
        MU_ONLY_404, kwargs=lambda w: {"code": w.official_of_rabat.person.code}, **STAFF_2FA
    ),
    # The admin's door is public knowledge: a signed-in non-staff person is refused (403).
    "admin_login": Row(
        answers(403, anonymous=302, **group(HUB + STAFF, 302)),
        no_second_factor="a door to the sign-in; the admin behind it needs one",
    ),
    # Reports: staff's own (an official's certificate is theirs too, through the same pages).
    "reports:list": Row(MU_ONLY_404, **STAFF_2FA),
    # The staff work queue: Management Unit and hub staff (each sees their own lines).
    "workqueue:queue": Row(answers(404, anonymous=302, **group(HUB + STAFF, 200)), **STAFF_2FA),
    "reports:detail": Row(MU_ONLY_404, kwargs=lambda w: {"code": w.report.code}, **STAFF_2FA),
    "reports:download": Row(MU_ONLY_404, kwargs=lambda w: {"code": w.report.code}, **STAFF_2FA),
    # Members: public pages
    "members:directory": Row(PUBLIC),
    "members:directory_feed": Row(PUBLIC),
    "members:city": Row(PUBLIC, kwargs=lambda w: {"code": w.rabat.code}),
    "members:certificate": Row(
        answers(405, anonymous=302),
        kwargs=lambda w: {"code": w.rabat.code},
        note="POST only",
    ),
    # A certificate's verification page: public, found by its secret code only.
    "members:verify_certificate": Row(PUBLIC, kwargs=lambda w: {"code": w.certificate.code}),
    # Hubs: public pages (a planned hub has none).
    "hubs:hub_list": Row(PUBLIC),
    "hubs:hub": Row(PUBLIC, kwargs=lambda w: {"slug": "mena"}),
    # Hubs: needs mapping (the city's officials; the map for staff, hub staff their hub's).
    "hubs:city_needs": Row(OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code}),
    "hubs:needs_map": Row(answers(404, anonymous=302, **group(HUB + STAFF, 200)), **STAFF_2FA),
    # Hubs: the help desk. The city's officials follow its requests; the hub serving the
    # city and the Management Unit answer them; an expert only those assigned to them.
    "hubs:city_help_desk": Row(OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code}),
    "hubs:help_request": Row(
        OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.help_request.code}
    ),
    "hubs:help_attachment": Row(
        answers(
            404,
            anonymous=302,
            official_of_rabat=200,
            hub_staff_mena=200,
            mu_staff=200,
            superuser=200,
        ),
        kwargs=lambda w: {"code": w.help_attachment.code},
    ),
    # The hub quarterly report: staff ask for one of their hub's (the form lists only those).
    "hubs:hub_report": Row(answers(404, anonymous=302, **group(HUB + STAFF, 200)), **STAFF_2FA),
    "hubs:staff_help_desk": Row(
        answers(404, anonymous=302, **group(HUB + STAFF, 200), expert=200), **STAFF_2FA
    ),
    "hubs:staff_help_request": Row(
        answers(404, anonymous=302, hub_staff_mena=200, **group(STAFF, 200)),
        kwargs=lambda w: {"code": w.help_request.code},
        **STAFF_2FA,
    ),
    # Members: the portal of city officials
    "members:portal": Row(SIGNED_IN_ONLY),
    "members:application_start": Row(SIGNED_IN_ONLY),
    "members:claim": Row(SIGNED_IN_ONLY),
    "members:city_portal": Row(OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code}),
    "members:edit_city_profile": Row(
        OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code}
    ),
    "members:edit_city_contacts": Row(
        OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code}
    ),
    "members:invite_colleague": Row(
        OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code}
    ),
    # Recommitting: the flow starts at the first principle not yet agreed (302 to it), and
    # the signatory step waits until every principle is agreed (302 back).
    "members:recommit": Row(
        answers(404, anonymous=302, official_of_rabat=302), kwargs=lambda w: {"code": w.rabat.code}
    ),
    "members:recommit_principle": Row(
        OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code, "number": 1}
    ),
    "members:recommit_signatory": Row(
        answers(404, anonymous=302, official_of_rabat=302), kwargs=lambda w: {"code": w.rabat.code}
    ),
    "members:application_restart": Row(
        answers(405, anonymous=302), kwargs=lambda w: {"code": w.draft.code}, note="POST only"
    ),
    # A fresh draft: its official is sent on to the first step not done yet (302).
    **{
        f"members:{name}": Row(
            answers(404, anonymous=302, official_of_rabat=status),
            kwargs=lambda w: {"code": w.draft.code},
        )
        for name, status in (
            ("application", 302),
            ("application_details", 200),
            ("application_contacts", 200),
            ("application_signatory", 302),
            ("application_review", 302),
        )
    },
    "members:application_principle": Row(
        answers(404, anonymous=302, official_of_rabat=302),
        kwargs=lambda w: {"code": w.draft.code, "number": 1},
    ),
    "members:application_submit": Row(
        answers(405, anonymous=302), kwargs=lambda w: {"code": w.draft.code}, note="POST only"
    ),
    # Governance: the ISC
    "governance:isc_members": Row(PUBLIC),
    "governance:composition": Row(MU_ONLY_404, **STAFF_2FA),
    # Meetings and papers: ISC members and staff only (404 for everyone else signed in).
    "governance:meeting_list": Row(ISC_AND_STAFF, **ISC_2FA),
    "governance:meeting_detail": Row(
        ISC_AND_STAFF, kwargs=lambda w: {"code": w.meeting.code}, **ISC_2FA
    ),
    "governance:meeting_ics": Row(
        ISC_AND_STAFF, kwargs=lambda w: {"code": w.meeting.code}, **ISC_2FA
    ),
    "governance:paper_download": Row(
        ISC_AND_STAFF, kwargs=lambda w: {"code": w.paper.code}, **ISC_2FA
    ),
    "governance:meeting_time_zone": Row(answers(405, anonymous=302), note="POST only", **ISC_2FA),
    "governance:replace_calendar_link": Row(
        answers(405, anonymous=302), note="POST only", **ISC_2FA
    ),
    # The personal calendar feed is opened by calendar apps with its secret token.
    "governance:meeting_feed": Row(PUBLIC, kwargs=lambda w: {"token": w.feed_token}),
    # Published minutes and terms of reference are public.
    "governance:terms_of_reference": Row(PUBLIC),
    "governance:terms_of_reference_version": Row(
        PUBLIC, kwargs=lambda w: {"effective_on": w.tor.effective_on.isoformat()}
    ),
    "governance:minutes_list": Row(PUBLIC),
    "governance:minutes_detail": Row(PUBLIC, kwargs=lambda w: {"code": w.minutes.code}),
    "governance:minutes_pdf": Row(PUBLIC, kwargs=lambda w: {"code": w.minutes.code}),
    "governance:minutes_comment": Row(
        answers(405, anonymous=302),
        kwargs=lambda w: {"code": w.minutes.code},
        note="POST",
        **ISC_2FA,
    ),
    "governance:minutes_review": Row(
        answers(405, anonymous=302),
        kwargs=lambda w: {"code": w.minutes.code},
        note="POST",
        **ISC_2FA,
    ),
    # Working groups: public pages; requests for convenors and staff; joining by POST.
    "governance:working_groups": Row(PUBLIC),
    "governance:working_group": Row(PUBLIC, kwargs=lambda w: {"code": w.group.code}),
    "governance:join_working_group": Row(
        answers(405, anonymous=302), kwargs=lambda w: {"code": w.group.code}, note="POST"
    ),
    # Convenors (officials) decide join requests here too: only staff need a second factor.
    "governance:working_group_requests": Row(
        MU_ONLY_404, kwargs=lambda w: {"code": w.group.code}, **STAFF_2FA
    ),
    # The pool of experts: staff search it; an expert keeps their own profile.
    "governance:expert_search": Row(MU_ONLY_404, **STAFF_2FA),
    "governance:my_expert_profile": Row(answers(404, anonymous=302, expert=302)),
    "governance:expert": Row(
        answers(404, anonymous=302, expert=200, mu_staff=200, superuser=200),
        kwargs=lambda w: {"code": w.expert.person.code},
        **STAFF_2FA,
    ),
    # Admin pages beyond a model's five: a user's password, an application's signed letter.
    # Nobody sets another person's password (staff send a reset link): 404 for everyone.
    "admin:auth_user_password_change": Row(
        answers(404, anonymous=302, **group(NOT_STAFF, 302)),
        kwargs=lambda w: {"id": w.official_of_rabat.pk},
        **STAFF_2FA,
    ),
    "admin:members_membership_letter": Row(
        answers(
            200, anonymous=302, **group(NOT_STAFF, 302), hub_staff_mena=200, hub_staff_other=404
        ),
        kwargs=lambda w: {"object_id": w.rabat.membership.pk, "commitment_id": w.letter.pk},
        **STAFF_2FA,
    ),
    # Which account a person is linked to: Management Unit staff only (hub staff: 404).
    "admin:members_person_account": Row(
        answers(200, anonymous=302, **group(NOT_STAFF, 302), **group(HUB, 404)),
        kwargs=lambda w: {"object_id": w.official_of_rabat.person.pk},
        **STAFF_2FA,
    ),
    # The buttons of an ISC or co-chair term's page (end early, renew, replace the holder):
    # Management Unit staff; hub staff may not change terms (403); the rest sign in first.
    **{
        f"admin:governance_{name}": Row(
            answers(200, anonymous=302, **group(NOT_STAFF, 302), **group(HUB, 403)),
            kwargs=lambda w, term=term: {"object_id": getattr(w, term).pk},
            **STAFF_2FA,
        )
        for name, term in (
            ("iscterm_end", "isc_term"),
            ("iscterm_renew", "isc_term"),
            ("iscterm_replace", "isc_term"),
            ("cochairterm_end", "co_chair_term"),
        )
    },
    "governance:edit_expert": Row(
        answers(404, anonymous=302, expert=200), kwargs=lambda w: {"code": w.expert.person.code}
    ),
    # The resource hub: public pages (what a visitor may not read answers 404, see
    # tests/resources); submissions by city officials and hub staff; staff's review.
    "resources:list": Row(PUBLIC),
    "resources:detail": Row(PUBLIC, kwargs=lambda w: {"code": w.resource.code}),
    "resources:file": Row(PUBLIC, kwargs=lambda w: {"code": w.resource_file.code}),
    **{
        f"resources:{name}": Row(
            answers(
                404,
                anonymous=302,
                official_of_rabat=200,
                official_of_other_city=200,
                **group(HUB, 200),
            )
        )
        for name in ("submit", "submissions")
    },
    "resources:edit_submission": Row(
        OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.submission.code}
    ),
    "resources:review": Row(
        answers(404, anonymous=302, hub_staff_mena=200, mu_staff=200, superuser=200),
        kwargs=lambda w: {"code": w.submission.code},
        **STAFF_2FA,
    ),
    # The public read API: anonymous JSON, the same for everyone (what it may show:
    # tests/resources/test_api.py).
    "api:city-list": Row(PUBLIC),
    "api:city-detail": Row(PUBLIC, kwargs=lambda w: {"code": w.rabat.code}),
    "api:resource-list": Row(PUBLIC),
    "api:resource-detail": Row(PUBLIC, kwargs=lambda w: {"code": w.resource.code}),
    "api:isc-member-list": Row(PUBLIC),
    "api:minutes-list": Row(PUBLIC),
    "api:minutes-detail": Row(PUBLIC, kwargs=lambda w: {"code": w.minutes.code}),
    "api:activity-list": Row(PUBLIC),
    "api:activity-detail": Row(PUBLIC, kwargs=lambda w: {"code": w.activity.code}),
    "api:funding-year-list": Row(PUBLIC),
    "api:funding-year-detail": Row(PUBLIC, kwargs=lambda w: {"year": 2024}),
    "api:schema": Row(PUBLIC),
    "api:docs": Row(PUBLIC),
    "resources:review_decide": Row(
        answers(405, anonymous=302),
        kwargs=lambda w: {"code": w.submission.code},
        note="POST only",
        **STAFF_2FA,
    ),
}


# MEL: the public "network at a glance"; the staff dashboard (Management Unit and hub
# staff, each their own regions); the lists behind its figures (a whole-network figure is
# the Management Unit's); a period's figures taken again (POST, Management Unit).
def _mel_snapshot(w):
    from scn_portal.mel.models import Indicator, Snapshot

    indicator, _created = Indicator.objects.get_or_create(
        code="member-cities", defaults={"name": "Member cities", "measure": "members.member_cities"}
    )
    return Snapshot.objects.get_or_create(
        indicator=indicator,
        period="2024",
        disaggregation="",
        revision=1,
        defaults={"value": 1, "record_model": "members.localgovernment"},
    )[0]


ROWS["mel:glance"] = Row(PUBLIC)
ROWS["mel:dashboard"] = Row(answers(404, anonymous=302, **group(HUB + STAFF, 200)), **STAFF_2FA)
ROWS["mel:records"] = Row(MU_ONLY_404, kwargs=lambda w: {"pk": w.mel_snapshot.pk}, **STAFF_2FA)
ROWS["mel:live_records"] = Row(
    MU_ONLY_404, kwargs=lambda w: {"code": "member-cities", "period": "2024"}, **STAFF_2FA
)
ROWS["mel:annual_report"] = Row(MU_ONLY_404, **STAFF_2FA)
ROWS["mel:file_annual_report"] = Row(
    answers(405, anonymous=302),
    kwargs=lambda w: {"code": w.report.code, "destination": "isc_meeting"},
    note="POST only",
    **STAFF_2FA,
)
ROWS["mel:rerun"] = Row(
    answers(405, anonymous=302),
    kwargs=lambda w: {"pk": w.mel_snapshot.pk},
    note="POST only",
    **STAFF_2FA,
)

# allauth: sign-in pages are for guests; account pages for the signed-in.
for _name in ["account_login", "account_signup"]:
    ROWS[_name] = Row(GUESTS_ONLY)
# Password reset and "verification sent" pages are information pages, open to everyone.
for _name in ["account_reset_password", "account_reset_password_done"]:
    ROWS[_name] = Row(PUBLIC)
for _name in [
    "account_email",
    "account_change_password",
    "mfa_index",
    "usersessions_list",
    "account_reauthenticate",
]:
    ROWS[_name] = Row(SIGNED_IN_ONLY)
# Steps that first ask to re-enter the password, or need something set up first.
for _name in ["account_set_password", "mfa_activate_totp", "mfa_generate_recovery_codes"]:
    ROWS[_name] = Row(answers(302))
ROWS["mfa_view_recovery_codes"] = Row(
    answers(404, anonymous=302), note="none generated", not_found_is_refusal=False
)
# Funding: importing exchange rates and an agreement's signed document (Management Unit).
ROWS["admin:funding_exchangerate_import"] = Row(
    answers(404, anonymous=302, **group(NOT_STAFF, 302), mu_staff=200, superuser=200),
    **STAFF_2FA,
)
ROWS["admin:funding_partner_agreement"] = Row(
    answers(404, anonymous=302, **group(NOT_STAFF, 302), mu_staff=200, superuser=200),
    kwargs=lambda w: {
        "object_id": funding_matrix.agreement(w).partner_id,
        "code": funding_matrix.agreement(w).code,
    },
    **STAFF_2FA,
)
# Funding's public pages (transparency, its CSV, the IATI file, partners and a listed
# partner's logo) and the dashboard (Management Unit staff).
ROWS["funding:transparency"] = Row(PUBLIC)
ROWS["funding:transparency_csv"] = Row(PUBLIC, kwargs=lambda w: {"year": 2024})
ROWS["iati_activities"] = Row(PUBLIC)
ROWS["funding:partners"] = Row(PUBLIC)
ROWS["funding:partner_logo"] = Row(
    PUBLIC, kwargs=lambda w: {"code": funding_matrix.agreement(w).partner.code}
)
ROWS["funding:dashboard"] = Row(MU_ONLY_404, **STAFF_2FA)
# Membership fees: issuing the year's invoices (Management Unit); their PDFs are reports.
ROWS["admin:funding_feeinvoice_issue"] = Row(
    answers(404, anonymous=302, **group(NOT_STAFF, 302), mu_staff=200, superuser=200),
    **STAFF_2FA,
)
# The Technical Support Fund (tests/funding/fund_matrix.py).
ROWS.update(
    fund_matrix.rows(
        Row,
        answers,
        group,
        NOT_STAFF=NOT_STAFF,
        HUB=HUB,
        OFFICIAL_OF_RABAT_ONLY=OFFICIAL_OF_RABAT_ONLY,
        SIGNED_IN_ONLY=SIGNED_IN_ONLY,
        STAFF_2FA=STAFF_2FA,
    )
)

# Activities: the calendar and public activities for everyone; registering and cancelling
# by POST once signed in; an offer's personal link works without signing in; a document
# for participants and the organisers (the MENA hub's staff, the Management Unit).
ROWS.update(
    {
        "activities:calendar": Row(PUBLIC),
        "activities:calendar_feed": Row(PUBLIC),
        "activities:activity_detail": Row(PUBLIC, kwargs=lambda w: {"code": w.activity.code}),
        "activities:activity_ics": Row(PUBLIC, kwargs=lambda w: {"code": w.activity.code}),
        "activities:register": Row(
            answers(405, anonymous=302), kwargs=lambda w: {"code": w.activity.code}, note="POST"
        ),
        "activities:cancel": Row(
            answers(405, anonymous=302),
            kwargs=lambda w: {"code": w.registration.code},
            note="POST",
        ),
        "activities:offer": Row(PUBLIC, kwargs=lambda w: {"token": w.offer_token}),
        "activities:document_download": Row(
            answers(
                404,
                official_of_rabat=200,
                hub_staff_mena=200,
                mu_staff=200,
                superuser=200,
            ),
            kwargs=lambda w: {"code": w.activity_document.code},
        ),
    }
)

# URL names that take tokens or keys we cannot sample meaningfully, with why.
NOT_REQUESTED = {
    "account_confirm_email": "needs a signed key; covered by the sign-up tests",
    "account_reset_password_from_key": "needs a reset key; covered by allauth",
    "account_reset_password_from_key_done": "shown after a reset; static",
    "account_logout": "state change by POST; tested in tests/web/test_pages.py",
    "account_inactive": "shown to inactive accounts; static",
    "account_login_code_confirm": "login by code is off",
    "account_request_login_code": "login by code is off",
    "account_confirm_login_code": "login by code is off",
    "account_email_verification_sent": "shown after sign-up; static",
    "mfa_authenticate": "part of a sign-in in progress",
    "mfa_reauthenticate": "part of a reauthentication in progress",
    "mfa_deactivate_totp": "needs an active authenticator",
    "mfa_download_recovery_codes": "needs recovery codes",
    "mfa_trust": "part of a sign-in in progress",
    "set_language": "not routed",
}
ADMIN_SKIPPED_VIEWS = {"jsi18n", "autocomplete", "view_on_site"}

# --- Discovery ----------------------------------------------------------------------------


def walk(patterns, ns=None, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ns
            if p.namespace:
                inner = f"{ns}:{p.namespace}" if ns else p.namespace
            yield from walk(p.url_patterns, inner, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            name = p.name and (f"{ns}:{p.name}" if ns else p.name)
            yield name, prefix + str(p.pattern)


def discovered_names() -> set[str]:
    return {name for name, _route in walk(get_resolver().url_patterns) if name}


# --- The world the requests run in -----------------------------------------------------


class World:
    pass


@pytest.fixture
def world(request, rabat, oslo, mena_hub, balkans_hub):
    w = World()
    w.rabat, w.oslo = rabat, oslo
    w.mena_hub = mena_hub
    for persona in PERSONAS:
        setattr(w, persona, request.getfixturevalue(persona))
    w.draft = factories.LocalGovernmentFactory(name="Tétouan", country="MA", region=rabat.region)
    Membership.objects.create(
        local_government=w.draft,
        status=Membership.Status.APPLICANT,
        application_started_at=timezone.now() - datetime.timedelta(days=1),
        applied_by=w.official_of_rabat,
    )
    factories.OfficialFactory(person=w.official_of_rabat.person, local_government=w.draft)
    # An application waiting for a decision in Rabat's region (the Applications list).
    w.application = Membership.objects.create(
        local_government=factories.LocalGovernmentFactory(
            name="Salé", country="MA", region=rabat.region
        ),
        status=Membership.Status.UNDER_REVIEW,
        submitted_at=timezone.now() - datetime.timedelta(days=2),
    )
    w.report = ReportRequest.objects.create(
        kind="network_at_a_glance",
        language="en",
        requested_by=w.mu_staff,
        status=ReportRequest.Status.DONE,
    )
    w.report.file.save("glance.pdf", ContentFile(b"%PDF-1.4"))
    # Governance: a meeting with a paper, published minutes, terms of reference, a group.
    w.meeting = factories.MeetingFactory()
    w.paper = MeetingPaper.objects.create(meeting=w.meeting, title="Budget")
    w.paper.file.save("budget.pdf", ContentFile(factories.PDF_BYTES))
    w.minutes = factories.make_minutes(w.meeting, status=Minutes.Status.PUBLISHED)
    w.tor = TermsOfReference.objects.create(
        label="2023", effective_on=datetime.date(2023, 1, 1), text="Terms."
    )
    w.group = factories.WorkingGroupFactory()
    w.isc_term = IscTerm.objects.get(person__user=w.isc_member)
    w.co_chair_term = CoChairTerm.objects.create(
        person=w.isc_term.person,
        local_government=w.isc_term.local_government,
        starts_on=w.isc_term.starts_on,
        ends_on=w.isc_term.ends_on,
        decided_on=w.isc_term.starts_on,
        method=CoChairTerm.Method.ONLINE_VOTE,
        result="Elected.",
    )
    w.letter = Commitment.objects.create(
        local_government=rabat,
        version=PrincipleVersion.objects.create(
            label="2023", effective_on=datetime.date(2023, 1, 1)
        ),
        signatory_name="Mayor of Rabat",
        signatory_title="Mayor",
        signatory_role="mayor",
        signed_on=datetime.date(2025, 1, 1),
    )
    w.letter.letter.save("letter.pdf", ContentFile(factories.PDF_BYTES))
    w.letter.principles.set([w.letter.version.principles.create(number=1, text="Uphold rights.")])
    # Funding: a partner with a signed agreement, a donor and its contribution.
    funding_matrix.populate(w)
    fund_matrix.populate(w)
    Invitation.objects.create(
        local_government=rabat,
        email="colleague@rabat.example.org",
        language="fr",
        invited_by=w.official_of_rabat,
    )
    w.feed_token = feed_token(w.isc_member)
    factories.make_certificate_settings()
    w.certificate = issue_certificate(city=rabat, language="ar", actor=w.official_of_rabat)
    w.needs_assessment = NeedsAssessment.objects.create(local_government=rabat)
    w.help_request = ask_help_desk(
        city=rabat,
        actor=w.official_of_rabat,
        category="youth",
        subject="A youth council",
        body="How do we start one?",
        files=[SimpleUploadedFile("plan.pdf", factories.PDF_BYTES)],
    )
    w.help_attachment = HelpAttachment.objects.get(message__request=w.help_request)
    w.location_change = LocationChange.objects.create(
        local_government=rabat, country="MA", subdivision="MA-04", proposed_by=w.official_of_rabat
    )
    w.mel_snapshot = _mel_snapshot(w)
    # The resource hub: a public resource with a file, and Rabat's draft good practice.
    w.submission = factories.make_resource(
        status="draft", author_kind="city", author_city=rabat, submitted_by=w.official_of_rabat
    )
    w.resource = factories.make_resource(title="Prevention toolkit")
    w.resource_file = w.resource.files.create(title="Toolkit", format="pdf", extension="pdf")
    w.resource_file.file.save("toolkit.pdf", ContentFile(factories.PDF_BYTES))

    # Activities: a public one of the MENA hub, Rabat's official registered, a private
    # document, and a seat offered to the expert from the wait-list.
    w.activity = factories.ActivityFactory(organiser="hub", hub=mena_hub)
    w.registration = factories.make_registration(w.activity, w.official_of_rabat)
    w.activity_document = w.activity.documents.create(title="Participants' pack")
    w.activity_document.file.save("pack.pdf", ContentFile(factories.PDF_BYTES))
    offered = Registration.objects.create(
        activity=w.activity,
        user=w.expert,
        status=Registration.Status.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(days=1),
        offers_made=1,
    )
    w.offer_token = offer_token(offered)
    return w


def clients(w, **options) -> dict[str, Client]:
    out = {}
    for persona in PERSONAS:
        client = Client(**options)
        user = getattr(w, persona)
        if user is not None:
            client.force_login(user)
        out[persona] = client
    return out


def test_every_url_is_declared():
    declared = set(ROWS) | set(NOT_REQUESTED)
    missing = sorted(
        name for name in discovered_names() - declared if not name.startswith("admin:")
    )
    assert missing == [], "Declare who may open these pages in tests/platform/test_url_matrix.py"


def test_every_declared_url_exists():
    stale = sorted(set(ROWS) - discovered_names())
    assert stale == []


# Tables a GET may write to: the session store and allauth's list of a user's sessions.
SESSION_TABLES = {"django_session", "usersessions_usersession"}


def row_counts() -> dict[str, int]:
    from scn_portal.ops.backups import table_counts

    return {t: n for t, n in table_counts().items() if t not in SESSION_TABLES}


# Every answer carries these, whatever its status (HSTS is added in production, over HTTPS:
# tests/web/test_production_settings.py).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SecurityLog(logging.Handler):
    """Collects the refusals logged while one request is answered."""

    logger = logging.getLogger("scn_portal.security")

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.refusals = []

    def emit(self, record):
        if record.getMessage().startswith("authorisation refused"):
            self.refusals.append(record.getMessage())

    def attach(self):
        # Some admin pages make Celery set Django up again, which re-applies LOGGING and
        # drops handlers added since: attach again before each request.
        if self not in self.logger.handlers:
            self.logger.addHandler(self)
        self.logger.setLevel(logging.INFO)
        self.logger.disabled = False


@pytest.fixture
def security_log():
    handler = SecurityLog()
    handler.attach()
    yield handler
    handler.logger.removeHandler(handler)


def check_answer(label, persona, response, security_log, refusal=True) -> list[str]:
    """What is wrong with an answer beyond its status: headers, and the refusal log."""
    wrong = []
    for header, value in SECURITY_HEADERS.items():
        if response.get(header) != value:
            wrong.append(f"{label} as {persona}: {header} is {response.get(header)!r}")
    if not response.get("Permissions-Policy", "").startswith("accelerometer=()"):
        wrong.append(f"{label} as {persona}: Permissions-Policy is missing")
    if persona != ANON:
        cache = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        if not {"private", "no-store"} <= cache:
            wrong.append(
                f"{label} as {persona}: Cache-Control is {response.get('Cache-Control')!r}"
            )
    policy = response.get("Content-Security-Policy", "")
    if "default-src 'self'" not in policy or "frame-ancestors 'none'" not in policy:
        wrong.append(f"{label} as {persona}: Content-Security-Policy is {policy!r}")
    refused = response.status_code == 403 or (refusal and response.status_code == 404)
    if refused and len(security_log.refusals) != 1:
        wrong.append(
            f"{label} as {persona}: {response.status_code} with {len(security_log.refusals)} "
            "logged refusals instead of one"
        )
    if not refused and security_log.refusals:
        wrong.append(f"{label} as {persona}: refusal logged for {response.status_code}")
    security_log.refusals.clear()
    return wrong


def test_every_role_gets_the_declared_answer_on_every_page(world, security_log):
    observed, wrong = {}, []
    sessions = clients(world)
    before = row_counts()
    for name, row in sorted(ROWS.items()):
        kwargs = row.kwargs(world) if row.kwargs else None
        url = reverse(name, kwargs=kwargs)
        for persona, client in sessions.items():
            security_log.attach()
            response = getattr(client, row.method)(url)
            status = response.status_code
            observed.setdefault(name, {})[persona] = status
            if status != row.expect[persona]:
                wrong.append(f"{name} as {persona}: {status}, expected {row.expect[persona]}")
            wrong += check_answer(name, persona, response, security_log, row.not_found_is_refusal)
    if os.environ.get("SCN_MATRIX_PRINT"):
        for name, table in observed.items():
            print(name, table)
    assert not wrong, "\n".join(wrong)
    # No GET changed anything: every state change needs a POST (and its CSRF token).
    assert row_counts() == before


# --- The second factor ------------------------------------------------------------------
# In production, whoever holds staff rights (hub staff, the Management Unit, superusers)
# needs a second factor before any staff page opens, and ISC members too before the ISC's
# private pages. Each row declares which; the gate is one middleware.

STAFF_PERSONAS = {"hub_staff_mena", "hub_staff_other", "mu_staff", "superuser"}
HOLDERS = {"staff": STAFF_PERSONAS, "isc": STAFF_PERSONAS | {"isc_member"}}
SET_UP = "second factor first"


def test_every_page_only_staff_or_isc_members_open_declares_its_second_factor():
    undeclared = []
    for name, row in ROWS.items():
        opens = {persona for persona, status in row.expect.items() if status == 200}
        if opens and opens <= HOLDERS["isc"] and not (row.second_factor or row.no_second_factor):
            undeclared.append(name)
    assert undeclared == [], "declare second_factor (or why none) for these pages"


def answers_in_production(world) -> dict[tuple[str, str], object]:
    mfa_index = reverse("mfa_index")
    observed = {}
    sessions = clients(world)
    for name, row in sorted(ROWS.items()):
        url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
        for persona, client in sessions.items():
            response = getattr(client, row.method)(url)
            sent_to_set_up = response.status_code == 302 and response["Location"] == mfa_index
            observed[(name, persona)] = SET_UP if sent_to_set_up else response.status_code
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for persona in STAFF_PERSONAS:
            response = sessions[persona].get(url)
            sent_to_set_up = response.status_code == 302 and response["Location"] == mfa_index
            observed[(url, persona)] = SET_UP if sent_to_set_up else response.status_code
    return observed


def test_in_production_each_page_asks_its_holders_for_a_second_factor(world, settings):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.ADMIN_REQUIRES_MFA = settings.ISC_REQUIRES_MFA = True
    wrong = []
    without = answers_in_production(world)
    for (page, persona), got in without.items():
        row = ROWS.get(page)
        if row is None:  # an admin page: staff first set up their second factor
            expected = SET_UP
        elif row.second_factor and persona in HOLDERS[row.second_factor]:
            expected = SET_UP
        else:
            expected = row.expect[persona]
        if got != expected:
            wrong.append(f"without a second factor, {page} as {persona}: {got}, not {expected}")
    for persona in HOLDERS["isc"]:
        TOTP.activate(getattr(world, persona), generate_totp_secret())
    for (page, persona), got in answers_in_production(world).items():
        row = ROWS.get(page)
        if got == SET_UP or (row is not None and got != row.expect[persona]):
            wrong.append(f"with a second factor, {page} as {persona}: {got}")
    assert not wrong, "\n".join(wrong)


# --- The admin ---------------------------------------------------------------------------
# Every model admin's pages, as every role. The default: only staff; hub staff only where
# the hub-staff permissions reach (their region's cities and people); everyone else is
# sent to sign in. Exceptions are declared per model and page kind.

ADMIN_KINDS = ("changelist", "add", "change", "history", "delete")
ADMIN_DEFAULT = answers(200, anonymous=302, **group(NOT_STAFF, 302), **group(HUB, 403))

# Hub staff work on their region's cities, memberships, officials and people (read, and
# edit cities, officials, people); an object of another region "does not exist" (302).
HUB_READ = {"hub_staff_mena": 200, "hub_staff_other": 200}
HUB_OWN_ONLY = {"hub_staff_mena": 200, "hub_staff_other": 302}
ADMIN_EXCEPTIONS: dict[tuple[str, str], dict[str, int]] = {}
for _model in ("members.localgovernment", "members.official", "members.person"):
    ADMIN_EXCEPTIONS[(_model, "changelist")] = HUB_READ
    # Hub staff record officials and people, but cities come in through applications.
    if _model != "members.localgovernment":
        ADMIN_EXCEPTIONS[(_model, "add")] = HUB_READ
    ADMIN_EXCEPTIONS[(_model, "change")] = HUB_OWN_ONLY
    ADMIN_EXCEPTIONS[(_model, "history")] = HUB_OWN_ONLY
# Hub staff read the changes of location their region's officials propose (staff decide).
ADMIN_EXCEPTIONS[("members.locationchange", "changelist")] = HUB_READ
ADMIN_EXCEPTIONS[("members.locationchange", "change")] = HUB_OWN_ONLY
ADMIN_EXCEPTIONS[("members.locationchange", "history")] = HUB_OWN_ONLY
for _model in ("members.membership", "members.application"):
    ADMIN_EXCEPTIONS[(_model, "changelist")] = HUB_READ
    ADMIN_EXCEPTIONS[(_model, "change")] = HUB_OWN_ONLY
    ADMIN_EXCEPTIONS[(_model, "history")] = HUB_OWN_ONLY
# Hub staff record and read the needs assessments of their hub's cities (never delete them).
ADMIN_EXCEPTIONS[("hubs.needsassessment", "changelist")] = HUB_READ
ADMIN_EXCEPTIONS[("hubs.needsassessment", "add")] = HUB_READ
ADMIN_EXCEPTIONS[("hubs.needsassessment", "change")] = HUB_OWN_ONLY
ADMIN_EXCEPTIONS[("hubs.needsassessment", "history")] = HUB_OWN_ONLY
# Hub staff plan their hub's activities and see who registered (another hub's: "does not
# exist").
for _model in ("hubs.activity", "hubs.registration"):
    ADMIN_EXCEPTIONS[(_model, "changelist")] = HUB_READ
    ADMIN_EXCEPTIONS[(_model, "change")] = HUB_OWN_ONLY
    ADMIN_EXCEPTIONS[(_model, "history")] = HUB_OWN_ONLY
ADMIN_EXCEPTIONS[("hubs.activity", "add")] = HUB_READ
# Hub staff edit their own hub's description and team roles (another hub's "does not exist").
ADMIN_EXCEPTIONS[("hubs.hub", "changelist")] = HUB_READ
ADMIN_EXCEPTIONS[("hubs.hub", "change")] = HUB_OWN_ONLY
ADMIN_EXCEPTIONS[("hubs.hub", "history")] = HUB_OWN_ONLY
# Hub staff assign and move on their hubs' help-desk requests (another hub's: "does not
# exist"); requests are asked in the portal, never added or deleted here.
ADMIN_EXCEPTIONS[("hubs.helprequest", "changelist")] = HUB_READ
ADMIN_EXCEPTIONS[("hubs.helprequest", "change")] = HUB_OWN_ONLY
ADMIN_EXCEPTIONS[("hubs.helprequest", "history")] = HUB_OWN_ONLY
# Invitations are not for hub staff; one of another region "does not exist" before that.
ADMIN_EXCEPTIONS[("members.invitation", "history")] = {"hub_staff_other": 302}
# Certificates are the Management Unit's; one of another region "does not exist" before that.
ADMIN_EXCEPTIONS[("members.certificate", "history")] = {"hub_staff_other": 302}
# Hub staff add and change their hub's resources (the sample is a Rabat submission: MENA's),
# and read the themes.
ADMIN_EXCEPTIONS[("resources.resource", "changelist")] = HUB_READ
ADMIN_EXCEPTIONS[("resources.resource", "add")] = HUB_READ
ADMIN_EXCEPTIONS[("resources.resource", "change")] = HUB_OWN_ONLY
ADMIN_EXCEPTIONS[("resources.resource", "history")] = HUB_OWN_ONLY
for _kind in ("changelist", "change", "history"):
    ADMIN_EXCEPTIONS[("resources.theme", _kind)] = HUB_READ

# Records nobody adds, changes or deletes by hand (kept as history), or that people
# create themselves in the portal (claims to act for a city, comments on minutes).
READ_ONLY = {
    # Requests to act for a city: confirmed or refused, kept as who gave access and why.
    "members.actingclaim": ("add", "delete"),
    # Applications are made in the portal and decided by actions; memberships end by a
    # decision. Both keep their history: never deleted.
    "members.application": ("add", "delete"),
    "members.membership": ("delete",),
    # A city is never deleted (its memberships, commitments and officials are its
    # history); a person's personal data is erased instead, the record stays.
    "members.localgovernment": ("delete",),
    "members.person": ("delete",),
    # A hub closes by its status, which ends its staff's access.
    "hubs.hub": ("delete",),
    # One record (the central team's help-desk target), seeded and edited in place.
    "hubs.centralteam": ("add", "delete"),
    # A city's needs as assessed on a date are its history: corrected, never deleted.
    "hubs.needsassessment": ("delete",),
    # An activity is cancelled, never deleted; registrations are made in the portal and
    # cancelled there or by an action (their history stays).
    "hubs.activity": ("delete",),
    "hubs.registration": ("add", "delete"),
    "hubs.helprequest": ("add", "delete"),
    "governance.minutescomment": ("add",),
    "reminders.reminderdelivery": ("add", "delete"),
    "reports.reportrequest": ("add",),
    "members.territorymatch": ("add", "delete"),
    "members.eligibilityoverride": ("delete",),
    # The samples are published minutes and terms in force: never deleted.
    "governance.minutes": ("delete",),
    "governance.termsofreference": ("delete",),
    # Terms end, groups close, members leave a group and experts the pool: who sat, who
    # was a member and what an expert did stay readable.
    "governance.iscterm": ("delete",),
    "governance.cochairterm": ("delete",),
    "governance.workinggroup": ("delete",),
    "governance.workinggroupmembership": ("delete",),
    "governance.expert": ("delete",),
    # The audit trail is written by the portal itself and never edited by anyone.
    "audit.auditentry": ("add", "delete"),
    # Written by the portal when an official invites a colleague; they expire on their own.
    "members.invitation": ("add", "delete"),
    # Proposed by officials in the portal; decided by an action, never edited or deleted.
    "members.locationchange": ("add", "delete"),
    # Issued from the portal, revoked by an action, never deleted.
    "members.certificate": ("add", "delete"),
    # One record (the signatory), edited in place.
    "members.certificatesettings": ("add", "delete"),
    # Contributions and the types of support are corrected, never deleted (the ledger).
    "funding.contribution": ("delete",),
    "funding.supporttype": ("delete",),
    # A period's figures as taken: never added, changed or deleted by hand (a re-run adds
    # a revision through its own page).
    "mel.snapshot": ("add", "delete"),
    # Fee invoices are issued by an action and settled by actions, never typed or deleted.
    "funding.feeinvoice": ("add", "delete"),
    # Resources are archived, never deleted: links to them keep answering.
    "resources.resource": ("delete",),
}
READ_ONLY.update(fund_matrix.READ_ONLY)
ADMIN_EXCEPTIONS.update(fund_matrix.admin_exceptions(HUB_READ, HUB_OWN_ONLY))
# Groups grant permissions: Management Unit staff read them, only a superuser changes them.
ADMIN_EXCEPTIONS[("auth.group", "add")] = {"mu_staff": 403}
ADMIN_EXCEPTIONS[("auth.group", "delete")] = {"mu_staff": 403}
for _model, _kinds in READ_ONLY.items():
    for _kind in _kinds:
        ADMIN_EXCEPTIONS.setdefault((_model, _kind), {}).update(group(STAFF, 403))
# Technical models (the beat schedule, second factors, sessions, addresses): a superuser's.
for _model in SUPERUSER_ONLY:
    for _kind in ADMIN_KINDS:
        ADMIN_EXCEPTIONS.setdefault((_model, _kind), {}).update({"mu_staff": 403})


def admin_expectation(label: str, kind: str) -> dict[str, int]:
    return {**ADMIN_DEFAULT, **ADMIN_EXCEPTIONS.get((label, kind), {})}


def sample_object(model, world):
    """An object to open in the admin: one of Rabat's where the model has one."""
    for candidate in (
        getattr(world, "samples", {}).get(model._meta.label_lower),
        model._default_manager.first(),
    ):
        if candidate is not None:
            return candidate
    return None


def test_every_admin_page_answers_each_role_as_declared(world, security_log):
    world.samples = {
        "members.localgovernment": world.rabat,
        "members.membership": world.rabat.membership,
        "members.official": world.official_of_rabat.person.officials.get(
            local_government=world.rabat
        ),
        "members.person": world.official_of_rabat.person,
        "members.locationchange": world.location_change,
        "members.application": world.application,
        "hubs.needsassessment": world.needs_assessment,
        "hubs.helprequest": world.help_request,
        "hubs.hub": world.mena_hub,
        "resources.resource": world.submission,
    }
    sessions = clients(world)
    wrong, observed = [], {}
    for model, _model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        obj = sample_object(model, world)
        for kind in ADMIN_KINDS:
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}"
            if kind in ("change", "history", "delete"):
                if obj is None:
                    continue
                url = reverse(name, args=[obj.pk])
            else:
                url = reverse(name)
            expected = admin_expectation(label, kind)
            for persona, client in sessions.items():
                security_log.attach()
                response = client.get(url)
                status = response.status_code
                observed.setdefault((label, kind), {})[persona] = status
                if status != expected[persona]:
                    wrong.append(f"{name} as {persona}: {status}, expected {expected[persona]}")
                wrong += check_answer(name, persona, response, security_log)
    if os.environ.get("SCN_MATRIX_PRINT"):
        for key, table in observed.items():
            print(key, table)
    assert not wrong, "\n".join(wrong)


def test_every_unnamed_url_is_the_admins_redirect_to_a_change_page():
    """Unnamed patterns cannot be declared by name: only the admin's own may exist."""
    unnamed = [route for name, route in walk(get_resolver().url_patterns) if not name]
    admin_own = r"[a-z]{2}/admin/(.+<path:object_id>/|\(\?P<url>\.\*\)\$)"
    strays = [r for r in unnamed if not re.fullmatch(admin_own, r)]
    assert strays == []


def test_every_admin_page_kind_is_covered():
    """Admin URL names are either a model page above, or a site page declared here."""
    site_pages = {
        "index",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "app_list",
        *ADMIN_SKIPPED_VIEWS,
    }
    model_pages = {
        f"{m._meta.app_label}_{m._meta.model_name}_{kind}"
        for m in admin.site._registry
        for kind in ADMIN_KINDS
    }
    names = {n for n in discovered_names() if n.startswith("admin:")} - set(ROWS)
    assert {n.split(":", 1)[1] for n in names} - model_pages - site_pages == set()


# --- CSRF -------------------------------------------------------------------------------
# Every page refuses a POST that lacks the CSRF token, even from someone who may open the
# page: no view is exempt, so no state change can be forged from another site.


def test_no_page_accepts_a_post_without_its_csrf_token(world):
    sessions = clients(world, enforce_csrf_checks=True)
    before = row_counts()
    wrong = []
    targets = []
    for name, row in sorted(ROWS.items()):
        kwargs = row.kwargs(world) if row.kwargs else None
        allowed = next((p for p in PERSONAS if row.expect[p] == 200), ANON)
        targets.append((name, reverse(name, kwargs=kwargs), allowed))
    for model in admin.site._registry:
        obj = sample_object(model, world)
        for kind in ADMIN_KINDS:
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}"
            if kind in ("change", "history", "delete"):
                if obj is None:
                    continue
                targets.append((name, reverse(name, args=[obj.pk]), "superuser"))
            else:
                targets.append((name, reverse(name), "superuser"))
    for name, url, persona in targets:
        status = sessions[persona].post(url, {"action": "delete_selected"}).status_code
        if status != 403:
            wrong.append(f"POST {name} as {persona} without the token: {status}")
    assert not wrong, "\n".join(wrong)
    assert row_counts() == before
