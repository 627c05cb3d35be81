"""The GIN index on each language's search vector (PostgreSQL only: SQLite has no
vectors, its search falls back to matching words), and the themes staff start from."""

from django.db import migrations

LANGUAGES = ("en", "ar", "fr", "es")

THEMES = [
    ("youth", "Youth engagement", "إشراك الشباب", "Engagement des jeunes", "Participación juvenil"),
    (
        "online-hate",
        "Online hate and disinformation",
        "الكراهية والتضليل عبر الإنترنت",
        "Haine en ligne et désinformation",
        "Odio en línea y desinformación",
    ),
    ("social-cohesion", "Social cohesion", "التماسك الاجتماعي", "Cohésion sociale", "Cohesión social"),
    (
        "prevention",
        "Prevention frameworks",
        "أطر الوقاية",
        "Cadres de prévention",
        "Marcos de prevención",
    ),
    ("gender", "Gender and inclusion", "النوع الاجتماعي والإدماج", "Genre et inclusion", "Género e inclusión"),
    (
        "psychosocial",
        "Psychosocial support",
        "الدعم النفسي والاجتماعي",
        "Soutien psychosocial",
        "Apoyo psicosocial",
    ),
    ("crisis", "Crisis response", "الاستجابة للأزمات", "Réponse aux crises", "Respuesta a crisis"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS resource_search_{language}_gin "
            f"ON resources_resource USING gin (search_{language})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS resource_search_{language}_gin")


def add_themes(apps, schema_editor):
    Theme = apps.get_model("resources", "Theme")
    for code, en, ar, fr, es in THEMES:
        Theme.objects.update_or_create(
            code=code,
            defaults={"name": en, "name_en": en, "name_ar": ar, "name_fr": fr, "name_es": es},
        )


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_resource_hub")]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(add_themes, migrations.RunPython.noop),
    ]
