"""Staff add an indicator and pick its measure from the registry in the admin; a computed
indicator without a measure, or a value for a period written wrongly, is refused."""

import pytest
from django.urls import reverse

from scn_portal.audit.models import AuditEntry
from scn_portal.mel.models import Indicator, RecordedValue

pytestmark = pytest.mark.django_db


def indicator_form(**overrides):
    data = {
        "code": "isc-seats",
        "name_en": "ISC seats held",
        "name_ar": "مقاعد اللجنة التوجيهية الدولية",
        "name_fr": "Sièges occupés",
        "name_es": "Escaños ocupados",
        "unit": "number",
        "direction": "higher",
        "source": "computed",
        "measure": "governance.isc_seats",
        "disaggregations": ["region"],
        "order": 5,
        "targets-TOTAL_FORMS": 1,
        "targets-INITIAL_FORMS": 0,
        "targets-0-year": 2026,
        "targets-0-value": "25",
    }
    data.update(overrides)
    return data


def test_staff_add_an_indicator_by_picking_a_measure(client_as):
    client = client_as("mu_staff")
    page = client.get(reverse("admin:mel_indicator_add"))
    assert "governance.isc_seats" in page.content.decode()

    response = client.post(reverse("admin:mel_indicator_add"), indicator_form())

    assert response.status_code == 302
    indicator = Indicator.objects.get(code="isc-seats")
    assert indicator.measure == "governance.isc_seats"
    assert indicator.disaggregations == ["region"]
    assert indicator.targets.get().year == 2026


def test_a_computed_indicator_without_a_measure_is_refused(client_as):
    response = client_as("mu_staff").post(
        reverse("admin:mel_indicator_add"), indicator_form(measure="")
    )

    assert response.status_code == 200
    assert "Choose the measure of a computed indicator." in response.content.decode()
    assert not Indicator.objects.filter(code="isc-seats").exists()


def test_a_measure_nobody_registered_is_refused(client_as):
    response = client_as("mu_staff").post(
        reverse("admin:mel_indicator_add"), indicator_form(measure="os.system")
    )

    assert response.status_code == 200
    assert not Indicator.objects.filter(code="isc-seats").exists()


def test_staff_record_a_value_with_its_source_and_the_trail_names_them(client_as, mu_staff):
    exchanges = Indicator.objects.get(code="city-to-city-exchanges")
    url = reverse("admin:mel_recordedvalue_add")
    data = {
        "indicator": exchanges.pk,
        "period": "2025-Q5",
        "disaggregation": "",
        "value": "12",
        "source": "MENA hub's quarterly report",
        "note": "",
    }
    client = client_as("mu_staff")

    wrong = client.post(url, data)
    assert wrong.status_code == 200
    assert "Write a year (2025) or a quarter (2025-Q2)." in wrong.content.decode()
    assert not RecordedValue.objects.exists()

    client.post(url, {**data, "period": "2025-Q2"})
    row = RecordedValue.objects.get()
    assert (row.value, row.recorded_by) == (12, mu_staff)
    assert AuditEntry.objects.filter(event="indicator_value_recorded").exists()


def test_hub_staff_and_officials_do_not_edit_indicators(client_as):
    for persona in ("hub_staff_mena", "official_of_rabat"):
        response = client_as(persona).post(reverse("admin:mel_indicator_add"), indicator_form())
        assert response.status_code in (302, 403)
    assert not Indicator.objects.filter(code="isc-seats").exists()
