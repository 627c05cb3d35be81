"""The admin's "View site" leads back to the portal in the language the admin speaks."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_view_site_leads_to_the_portal_in_the_admins_language(client_as, language):
    with translation.override(language):
        admin_home = reverse("admin:index")
    page = client_as("mu_staff").get(admin_home).content.decode()

    assert f'<a href="/{language}/">' in page
