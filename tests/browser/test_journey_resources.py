"""The digital resource hub in a real browser, in English and Arabic, using only what a
person sees.

A visitor opens the resource hub from the home page, searches with an Arabic word
(the Arabic form of a word the title holds in another form on PostgreSQL; the same word
on SQLite) and opens the public resource. Rabat's focal point shares a good practice from
the dashboard; Management Unit staff find it in their work queue and publish it; the
visitor then finds it on Rabat's public profile. A restricted file's address answers 404
to the visitor.
"""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from resources.forms import SubmissionForm
from resources.models import Resource
from tests import factories
from tests.browser.conftest import (
    browser_errors,
    exactly,
    expect_heading,
    form_field,
    sign_in,
    tr,
    url_of,
    watch_console,
)

pytestmark = pytest.mark.browser

PRACTICE = {
    "en": ("Youth councils in every district", "Each district elects a youth council."),
    "ar": ("مجالس الشباب في كل حي", "ينتخب كل حي مجلسًا للشباب."),
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_visitor_searches_in_arabic_and_a_city_shares_a_practice_staff_publish(
    page, live_server, another_person, portal_world, language
):
    errors = watch_console(page)
    guide = factories.make_resource(
        title_en="Prevention toolkit",
        title_ar="دليل الوقاية للمدن",
        summary_ar="دليل عملي.",
        kind="toolkit",
    )
    secret = factories.make_resource(title_en="Staff guide", visibility="staff")
    attached = secret.files.create(title="Guide", format="pdf", extension="pdf")
    attached.file.save("guide.pdf", ContentFile(factories.PDF_BYTES))

    # A visitor: the hub from the home page, a search in Arabic, the resource's page.
    visitor = another_person("visitor")
    visitor.goto(url_of(live_server, "web:home", language))
    visitor.get_by_role("link", name=tr(language, "Find a resource"), exact=True).click()
    expect_heading(visitor, tr(language, "Digital resource hub"))
    visitor.get_by_role("textbox", name=tr(language, "Words to find")).fill("دليل")
    visitor.get_by_role("button", name=tr(language, "Show resources")).click()
    title = guide.title_ar if language == "ar" else guide.title_en
    results = visitor.locator(".resource-list")
    expect(results.get_by_role("link", name=exactly(title))).to_be_visible()
    expect(results.get_by_role("link", name=exactly("Staff guide"))).to_have_count(0)
    results.get_by_role("link", name=exactly(title)).click()
    expect_heading(visitor, title)
    assert visitor.request.get(live_server.url + attached.get_absolute_url()).status == 404

    # Rabat's focal point shares a good practice from the dashboard.
    sign_in(page, live_server, language, portal_world.official.email)
    page.get_by_role("link", name=tr(language, "Share a good practice")).first.click()
    expect_heading(page, tr(language, "Share a good practice"))
    name, text = PRACTICE[language]
    # The official acts for Chefchaouen too: the practice is Rabat's.
    city = portal_world.rabat.name_ar if language == "ar" else portal_world.rabat.name_en
    form_field(page, language, SubmissionForm, "city").select_option(label=city)
    form_field(page, language, SubmissionForm, "title").fill(name)
    form_field(page, language, SubmissionForm, "summary").fill(text)
    form_field(page, language, SubmissionForm, "body").fill(text)
    page.get_by_role("button", name=tr(language, "Send for review")).click()
    expect_heading(page, tr(language, "My submissions"))
    expect(page.get_by_role("heading", name=exactly(name))).to_be_visible()
    shared = Resource.objects.get(submitted_by=portal_world.official)
    assert shared.status == Resource.Status.IN_REVIEW

    # Staff publish it from their work queue.
    staff = another_person("staff")
    factories.make_mu_staff(email="reviewer@management-unit.example.org")
    sign_in(staff, live_server, language, "reviewer@management-unit.example.org")
    staff.get_by_role("link", name=exactly(name)).click()
    staff.get_by_role("button", name=tr(language, "Publish"), exact=True).click()
    expect(staff.get_by_role("status").get_by_text(tr(language, "Published."))).to_be_visible()

    # The visitor finds it on Rabat's public profile.
    visitor.goto(url_of(live_server, "members:city", language, code=portal_world.rabat.code))
    visitor.get_by_role("link", name=exactly(name)).click()
    expect_heading(visitor, name)
    expect(visitor.get_by_text(text).first).to_be_visible()
    assert browser_errors(errors) == []
