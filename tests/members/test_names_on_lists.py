"""How a city and its membership are named wherever staff meet them in a list (a row's
link, its checkbox's label, a related field): the city's name with its country's code,
and the membership's status in the language of the page."""

from django.utils import translation

from members.models import LocalGovernment, Membership


def test_a_city_is_named_with_its_country_code(rabat):
    assert str(rabat) == "Rabat (MA)"
    # Read without its country (a list that asks only for names): asked when shown.
    assert str(LocalGovernment.objects.only("name").get(pk=rabat.pk)) == "Rabat (MA)"


def test_a_membership_is_named_with_its_status_in_the_language_of_the_page(rabat):
    membership = Membership.objects.get(local_government=rabat)
    membership.status = Membership.Status.UNDER_REVIEW
    label = {}
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            label[language] = str(Membership.Status.UNDER_REVIEW.label)
            assert str(membership) == f"Rabat (MA): {label[language]}"
    assert len(set(label.values())) == 3


def test_a_status_it_no_longer_knows_is_shown_as_recorded(rabat):
    membership = Membership(local_government=rabat, status="retired-status")
    assert str(membership) == "Rabat (MA): retired-status"
