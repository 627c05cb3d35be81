"""The minutes workflow: staff circulate a draft, ISC members comment and answer in the
portal, staff resolve, approve and publish; the public reads it, in Arabic too, as a PDF.
Every refusal says why and changes nothing."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from governance.errors import GovernanceError
from governance.models import Minutes, MinutesComment, MinutesItem, MinutesReview
from governance.services import minutes as minutes_services
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.reports.test_network_at_a_glance import pdf_text

ARABIC = "ناقشت اللجنة خطة العمل للشباب"
CHANGELIST = "admin:governance_minutes_changelist"


@pytest.fixture
def minutes(db):
    meeting = factories.MeetingFactory(title_en="Spring meeting", title_ar="اجتماع الربيع")
    return factories.make_minutes(meeting, items=2, text_ar=ARABIC)


def circulated(minutes, *, days: int = 7) -> Minutes:
    minutes.status = Minutes.Status.CIRCULATED
    minutes.review_deadline = timezone.now() + datetime.timedelta(days=days)
    minutes.circulated_at = timezone.now()
    minutes.save()
    return minutes


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def detail_url(minutes, language: str = "en") -> str:
    with translation.override(language):
        return reverse("governance:minutes_detail", kwargs={"code": minutes.code})


def admin_action(client, action: str, minutes, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [minutes.pk], "apply": "1", **data},
        follow=True,
    )


def test_the_whole_workflow_through_the_portal_and_the_admin(
    client_as, minutes, isc_member, mu_staff, tmp_path
):
    staff = client_as("mu_staff")
    member = client_as("isc_member")
    first = minutes.meeting.agenda_items.order_by("order").first()

    # Staff circulate the draft with a deadline (the action asks for it first).
    page = staff.post(
        reverse(CHANGELIST), {"action": "circulate", "_selected_action": [minutes.pk]}
    )
    assert page.status_code == 200 and "Review deadline" in page.content.decode()
    deadline = (timezone.now() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = admin_action(staff, "circulate", minutes, deadline=deadline)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED, messages_of(response)
    assert minutes.circulated_at and minutes.review_deadline > timezone.now()
    circulation = AuditEntry.objects.get(object_id=str(minutes.pk), event="minutes_circulated")
    assert circulation.actor == mu_staff and circulation.changes["status"][1] == "circulated"

    # The ISC member reads it, comments on the first item and approves.
    page = member.get(detail_url(minutes))
    assert page.status_code == 200
    assert "The committee discussed item 1." in page.content.decode()
    response = member.post(
        reverse("governance:minutes_comment", kwargs={"code": minutes.code}),
        {"agenda_item": first.pk, "text": "Please name the youth council."},
        follow=True,
    )
    assert "Your comment has been recorded." in messages_of(response)
    comment = MinutesComment.objects.get()
    assert (comment.agenda_item, comment.author) == (first, isc_member)
    response = member.post(
        reverse("governance:minutes_review", kwargs={"code": minutes.code}),
        {"verdict": "approve"},
        follow=True,
    )
    review = MinutesReview.objects.get()
    assert review.verdict == MinutesReview.Verdict.APPROVE
    # The reviewer sees who reviewed and the open comment.
    html = response.content.decode()
    assert "1 of 1 ISC members have reviewed; 1 comment(s) open." in html
    assert "Please name the youth council." in html

    # Approval is refused while the comment is open.
    response = admin_action(staff, "approve", minutes, how="co_chairs")
    assert any("open comment" in m for m in messages_of(response))
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED

    # Staff resolve the comment; declining needs an answer.
    change = reverse("admin:governance_minutescomment_change", args=[comment.pk])
    response = staff.post(change, {"resolution": "declined", "answer": ""})
    assert response.status_code == 200
    assert "an answer is required" in response.content.decode()
    comment.refresh_from_db()
    assert comment.resolution == MinutesComment.Resolution.OPEN
    response = staff.post(change, {"resolution": "changed", "answer": "Named in item 1."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.resolution, comment.resolved_by) == ("changed", mu_staff)

    # The changelist shows the review status at a glance.
    listing = staff.get(reverse(CHANGELIST)).content.decode()
    assert "1 / 1" in listing

    # Approve (by the co-chairs), then publish.
    admin_action(staff, "approve", minutes, how="co_chairs")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert (minutes.approved_how, minutes.approved_by) == ("co_chairs", mu_staff)
    assert minutes.approved_at is not None
    admin_action(staff, "publish", minutes)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.published_by == mu_staff and minutes.published_at is not None

    # The public reads it, in English and in Arabic, and downloads the Arabic PDF.
    public = client_as("anonymous")
    listing = public.get(reverse("governance:minutes_list")).content.decode()
    assert "Spring meeting" in listing
    page = public.get(detail_url(minutes)).content.decode()
    assert "The committee discussed item 1." in page
    assert "Please name the youth council." not in page  # review comments stay internal
    page = public.get(detail_url(minutes, "ar")).content.decode()
    assert ARABIC in page and "اجتماع الربيع" in page
    with translation.override("ar"):
        pdf_url = reverse("governance:minutes_pdf", kwargs={"code": minutes.code})
    response = public.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    text = pdf_text(response.content, tmp_path)
    assert ARABIC in text
    assert "The committee discussed" not in text


def test_the_arabic_pdf_is_laid_out_right_to_left(client, minutes, mu_staff):
    circulated(minutes)
    minutes_services.approve_minutes(minutes=minutes, how="next_meeting", actor=mu_staff)
    minutes_services.publish_minutes(minutes=minutes, actor=mu_staff)
    from governance.reports import MINUTES
    from scn_portal.reports import registry

    kind = registry.get(MINUTES)
    with translation.override("ar"):
        context = kind.build_context({"minutes": str(minutes.code)})
    from django.template.loader import render_to_string

    html = render_to_string(kind.template, {**context, "LANGUAGE_BIDI": True})
    assert 'dir="rtl"' in html and ARABIC in html
    assert not kind.may_request(mu_staff)  # never offered on the generic report form


def test_a_review_after_the_deadline_is_refused_and_nothing_changes(client_as, minutes):
    circulated(minutes, days=2)
    item = minutes.meeting.agenda_items.first()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        member = client_as("isc_member")  # signed in then: sessions expire after hours
        response = member.post(
            reverse("governance:minutes_comment", kwargs={"code": minutes.code}),
            {"agenda_item": item.pk, "text": "Too late?"},
            follow=True,
        )
        assert any("The review closed on" in m for m in messages_of(response))
        response = member.post(
            reverse("governance:minutes_review", kwargs={"code": minutes.code}),
            {"verdict": "no_comments"},
            follow=True,
        )
        assert any("no longer accepted" in m for m in messages_of(response))
        assert "The review has closed." in response.content.decode()
    assert not MinutesComment.objects.exists()
    assert not MinutesReview.objects.exists()


def test_a_reviewer_can_change_their_answer_until_the_deadline(minutes, isc_member):
    circulated(minutes)
    minutes_services.record_review(minutes=minutes, reviewer=isc_member, verdict="no_comments")
    minutes_services.record_review(minutes=minutes, reviewer=isc_member, verdict="approve")
    assert MinutesReview.objects.get().verdict == "approve"


def test_no_comments_is_refused_after_commenting(minutes, isc_member):
    circulated(minutes)
    minutes_services.comment_on_minutes(
        minutes=minutes,
        agenda_item=minutes.meeting.agenda_items.first(),
        author=isc_member,
        text="A point.",
    )
    with pytest.raises(GovernanceError, match="You have commented"):
        minutes_services.record_review(minutes=minutes, reviewer=isc_member, verdict="no_comments")
    assert MinutesReview.objects.get().verdict == "commented"


def test_only_isc_members_review_and_only_circulated_minutes(minutes, isc_member, mu_staff):
    item = minutes.meeting.agenda_items.first()
    with pytest.raises(GovernanceError, match="not open for review"):
        minutes_services.comment_on_minutes(
            minutes=minutes, agenda_item=item, author=isc_member, text="Draft?"
        )
    circulated(minutes)
    with pytest.raises(GovernanceError, match="Only members of the ISC"):
        minutes_services.record_review(minutes=minutes, reviewer=mu_staff, verdict="approve")
    other_item = factories.AgendaItemFactory()
    with pytest.raises(GovernanceError, match="not on this meeting's agenda"):
        minutes_services.comment_on_minutes(
            minutes=minutes, agenda_item=other_item, author=isc_member, text="Elsewhere"
        )
    assert not MinutesComment.objects.exists()


def test_approving_with_open_comments_is_refused(minutes, isc_member, mu_staff):
    circulated(minutes)
    minutes_services.comment_on_minutes(
        minutes=minutes,
        agenda_item=minutes.meeting.agenda_items.first(),
        author=isc_member,
        text="A point.",
    )
    with pytest.raises(GovernanceError) as refused:
        minutes_services.approve_minutes(minutes=minutes, how="co_chairs", actor=mu_staff)
    assert "Resolve the 1 open comment(s)" in refused.value.messages[0]
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED and minutes.approved_at is None


def test_declining_a_comment_needs_an_answer(minutes, isc_member, mu_staff):
    circulated(minutes)
    comment = minutes_services.comment_on_minutes(
        minutes=minutes,
        agenda_item=minutes.meeting.agenda_items.first(),
        author=isc_member,
        text="A point.",
    )
    with pytest.raises(GovernanceError, match="an answer is required"):
        minutes_services.resolve_comment(
            comment=comment, resolution="declined", answer="  ", actor=mu_staff
        )
    comment.refresh_from_db()
    assert comment.resolution == "open" and comment.resolved_by is None
    minutes_services.resolve_comment(
        comment=comment, resolution="declined", answer="Out of scope.", actor=mu_staff
    )
    comment.refresh_from_db()
    assert comment.resolution == "declined"


def test_circulation_needs_a_future_deadline(minutes, mu_staff, client_as):
    past = (timezone.now() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = admin_action(client_as("mu_staff"), "circulate", minutes, deadline=past)
    assert any("must be in the future" in m for m in messages_of(response))
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT and minutes.review_deadline is None


@pytest.fixture
def published(minutes, mu_staff):
    circulated(minutes)
    minutes_services.approve_minutes(minutes=minutes, how="co_chairs", actor=mu_staff)
    return minutes_services.publish_minutes(minutes=minutes, actor=mu_staff)


def test_published_minutes_cannot_be_edited(client_as, published, mu_staff):
    item = published.items.first()
    before = item.text_en
    # The service refuses.
    with pytest.raises(GovernanceError, match="Published minutes cannot be changed"):
        minutes_services.write_minutes_item(item=item, texts={"en": "Rewritten"}, actor=mu_staff)
    # The admin shows them read-only and refuses a posted change.
    staff = client_as("mu_staff")
    url = reverse("admin:governance_minutes_change", args=[published.pk])
    page = staff.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = staff.post(
        url,
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-id": item.pk,
            "items-0-minutes": published.pk,
            "items-0-text_en": "Rewritten",
        },
    )
    assert response.status_code == 403
    # The admin form guard refuses even if it is reached.
    from governance.forms.minutes import MinutesAdminForm

    form = MinutesAdminForm(data={"meeting": published.meeting_id}, instance=published)
    assert not form.is_valid()
    assert "Published minutes cannot be changed" in str(form.errors)
    item.refresh_from_db()
    assert item.text_en == before
    assert MinutesItem.objects.filter(text_en="Rewritten").count() == 0


def test_a_correction_is_a_new_version_and_the_earlier_stays_public(
    client_as, published, mu_staff, isc_member
):
    with pytest.raises(GovernanceError, match="change note is required"):
        minutes_services.correct_published_minutes(minutes=published, change_note=" ", actor=None)
    assert Minutes.objects.count() == 1
    response = admin_action(
        client_as("mu_staff"), "correct", published, change_note="Corrected the date."
    )
    assert "1 new version(s) created as drafts." in messages_of(response)
    new = Minutes.objects.get(version=2)
    assert (new.previous, new.status, new.change_note) == (
        published,
        "draft",
        "Corrected the date.",
    )
    assert sorted(new.items.values_list("text_ar", flat=True)) == [ARABIC, ARABIC]
    # Version 2 goes through review and approval again; v1 remains readable meanwhile.
    circulated(new)
    minutes_services.approve_minutes(minutes=new, how="next_meeting", actor=mu_staff)
    minutes_services.publish_minutes(minutes=new, actor=mu_staff)
    public = client_as("anonymous")
    page = public.get(detail_url(new)).content.decode()
    assert "Corrected the date." in page
    assert detail_url(published) in page
    assert public.get(detail_url(published)).status_code == 200
    listing = public.get(reverse("governance:minutes_list")).content.decode()
    assert "Version 1" in listing and "Version 2" in listing


def publish_correction(published, mu_staff, note: str = "Corrected the date.") -> Minutes:
    new = minutes_services.correct_published_minutes(
        minutes=published, change_note=note, actor=mu_staff
    )
    circulated(new)
    minutes_services.approve_minutes(minutes=new, how="next_meeting", actor=mu_staff)
    return minutes_services.publish_minutes(minutes=new, actor=mu_staff)


def test_an_older_version_says_a_newer_one_exists_and_links_to_it(client, published, mu_staff):
    # A correction under review is not public: the published version does not mention it.
    draft = minutes_services.correct_published_minutes(
        minutes=published, change_note="Corrected the date.", actor=mu_staff
    )
    assert 'id="newer-version"' not in client.get(detail_url(published)).content.decode()

    circulated(draft)
    minutes_services.approve_minutes(minutes=draft, how="next_meeting", actor=mu_staff)
    newer = minutes_services.publish_minutes(minutes=draft, actor=mu_staff)

    old_page = client.get(detail_url(published)).content.decode()
    notice = old_page[old_page.index('id="newer-version"') :].split("</p>")[0]
    assert "A newer version of these minutes exists: version 2" in notice
    assert detail_url(newer) in notice
    assert 'id="newer-version"' not in client.get(detail_url(newer)).content.decode()
    arabic = client.get(detail_url(published, "ar")).content.decode()
    assert detail_url(newer, "ar") in arabic


def test_the_pdf_of_an_older_version_names_the_newer_one(client, published, mu_staff, tmp_path):
    with translation.override("ar"):
        pdf_url = reverse("governance:minutes_pdf", kwargs={"code": published.code})
    assert client.get(pdf_url).status_code == 200  # rendered, and cached, before the correction

    newer = publish_correction(published, mu_staff)

    after = client.get(pdf_url).content  # the cached copy does not hide the newer version
    from governance.reports import MINUTES
    from scn_portal.reports import registry

    with translation.override("en"):
        context = registry.get(MINUTES).build_context({"minutes": str(published.code)})
    assert context["newer"] == newer
    assert context["newer_url"].endswith(detail_url(newer))
    text = pdf_text(after, tmp_path)
    assert "توجد نسخة أحدث من هذا المحضر" in text
    # The newer version's address (a long line: it may wrap anywhere).
    assert all(part in text for part in str(newer.code).split("-"))


def test_the_page_says_which_languages_the_minutes_exist_in(client, db):
    minutes = factories.make_minutes(items=1, status="published")
    minutes.published_at = timezone.now()
    minutes.save()
    page = client.get(detail_url(minutes, "fr")).content.decode()
    assert 'id="missing-language"' in page
    written_in = page.split('id="minutes-languages"')[1].split("</p>")[0]
    assert detail_url(minutes, "en") in written_in
    assert detail_url(minutes, "ar") not in written_in
    with translation.override("fr"):
        pdf = reverse("governance:minutes_pdf", kwargs={"code": minutes.code})
    assert client.get(pdf).status_code == 404


def test_each_comment_box_is_labelled_with_its_own_agenda_item(client_as, minutes):
    circulated(minutes)
    page = client_as("isc_member").get(detail_url(minutes)).content.decode()

    labels = re.findall(r'<label for="comment-(\d+)">([^<]+)</label>', page)
    items = {str(i.pk): i.order for i in minutes.meeting.agenda_items.all()}
    assert {pk for pk, _text in labels} == set(items)
    assert all(text == f"Comment on item {items[pk]}" for pk, text in labels)
