"""The fund's own kinds of support, as the strategy names them: tailored training, and
other capacity building. Staff edit and add to them in the admin."""

from django.db import migrations

KINDS = [
    {
        "code": "tailored-training",
        "order": 1,
        "name_en": "Tailored training",
        "name_ar": "تدريب مصمم حسب الاحتياجات",
        "name_fr": "Formation sur mesure",
        "name_es": "Formación a medida",
        "description_en": "Training designed and delivered for the city's own need.",
        "description_ar": "تدريب يُصمَّم ويُقدَّم وفق الاحتياجات الخاصة بالمدينة.",
        "description_fr": "Une formation conçue et dispensée pour le besoin propre de la ville.",
        "description_es": "Formación diseñada e impartida para la necesidad propia de la ciudad.",
    },
    {
        "code": "capacity-building",
        "order": 2,
        "name_en": "Other capacity building",
        "name_ar": "أشكال أخرى من بناء القدرات",
        "name_fr": "Autre renforcement des capacités",
        "name_es": "Otro fortalecimiento de capacidades",
        "description_en": "Other support that builds the city's capacity (plans, mechanisms, networks).",
        "description_ar": "دعم آخر يبني قدرات المدينة (خطط، آليات، شبكات).",
        "description_fr": "Tout autre appui qui renforce les capacités de la ville (plans, mécanismes, réseaux).",
        "description_es": "Otro apoyo que fortalece las capacidades de la ciudad (planes, mecanismos, redes).",
    },
]


def seed(apps, schema_editor):
    SupportKind = apps.get_model("funding", "SupportKind")
    for kind in KINDS:
        values = {k: v for k, v in kind.items() if k != "code"}
        values["name"] = kind["name_en"]
        values["description"] = kind["description_en"]
        SupportKind.objects.update_or_create(code=kind["code"], defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("funding", "SupportKind").objects.filter(
        code__in=[k["code"] for k in KINDS], applications__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0005_fund")]

    operations = [migrations.RunPython(seed, unseed)]
