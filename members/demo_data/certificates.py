"""The signatory of membership certificates in the demo: an invented name, marked as demo
data (staff set the real Executive Director in the admin)."""

from ..models import CertificateSettings

SIGNATORY = {
    "signatory_name_en": "Sara Lindqvist (demo)",
    "signatory_name_ar": "سارة ليندكفيست (تجريبي)",
    "signatory_name_fr": "Sara Lindqvist (démo)",
    "signatory_name_es": "Sara Lindqvist (demo)",
    "signatory_title_en": "Executive Director",
    "signatory_title_ar": "المديرة التنفيذية",
    "signatory_title_fr": "Directrice exécutive",
    "signatory_title_es": "Directora ejecutiva",
}


def seed_certificate_settings() -> CertificateSettings:
    """The one settings row, with the demo signatory (a re-run restores it)."""
    row, _created = CertificateSettings.objects.update_or_create(
        pk=CertificateSettings.SINGLETON_PK, defaults=SIGNATORY
    )
    return row
