"""Text people write keeps its formatting and loses anything that could run in a browser."""

import pytest
from django.urls import reverse

from governance.models import TermsOfReference

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<p>Our <strong>youth council</strong> meets monthly.</p>"
    '<script>alert("x")</script>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a>'
    '<a href="https://example.org/plan">our plan</a>'
    '<p style="position:fixed">styled</p>'
    "<iframe src='https://example.org'></iframe>"
)


def test_a_city_profile_keeps_emphasis_and_links_and_loses_scripts(client, rabat):
    rabat.profile_en = HOSTILE
    rabat.publicly_listed = True
    rabat.save()

    html = client.get(reverse("members:city", kwargs={"code": rabat.code})).content.decode()

    assert "<strong>youth council</strong>" in html
    assert (
        'href="https://example.org/plan"' in html and 'rel="noopener noreferrer nofollow"' in html
    )
    for forbidden in (
        'alert("x")',
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "position:fixed",
    ):
        assert forbidden not in html


def test_plain_text_keeps_its_paragraphs_and_shows_angle_brackets_as_typed(client, rabat):
    rabat.profile_en = "First paragraph.\n\nSecond, with 3 < 4 & 5 > 2."
    rabat.publicly_listed = True
    rabat.save()

    html = client.get(reverse("members:city", kwargs={"code": rabat.code})).content.decode()

    assert "<p>First paragraph.</p>" in html
    assert "3 &lt; 4 &amp; 5 &gt; 2" in html


def test_the_terms_of_reference_page_is_sanitised_too(client):
    TermsOfReference.objects.create(label="2026", text_en=HOSTILE, effective_on="2026-01-01")

    html = client.get(reverse("governance:terms_of_reference")).content.decode()

    assert "<strong>youth council</strong>" in html
    assert "<script>alert" not in html and "onerror" not in html
