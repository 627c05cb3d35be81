"""The five types of support a donor can fund, as the strategy lists them (staff edit them
afterwards; a later run changes nothing staff wrote)."""

from django.db import migrations

SUPPORT_TYPES = [
    (
        1,
        "priority-activities",
        {
            "en": "Activities across the priority areas",
            "ar": "أنشطة في مجالات الأولوية",
            "fr": "Activités dans les domaines prioritaires",
            "es": "Actividades en las áreas prioritarias",
        },
        {
            "en": "Activities across the priority areas, including through an existing regional hub (for example a national–local coordination dialogue, or workshops on a priority topic).",
            "ar": "أنشطة في مجالات الأولوية، بما في ذلك من خلال مركز إقليمي قائم (مثل حوار للتنسيق بين المستويين الوطني والمحلي، أو ورش عمل حول موضوع ذي أولوية).",
            "fr": "Activités dans les domaines prioritaires, y compris par un pôle régional existant (par exemple un dialogue de coordination national–local, ou des ateliers sur un thème prioritaire).",
            "es": "Actividades en las áreas prioritarias, incluso a través de un centro regional existente (por ejemplo, un diálogo de coordinación nacional–local o talleres sobre un tema prioritario).",
        },
    ),
    (
        2,
        "new-regional-hub",
        {
            "en": "Launching a regional hub in a new priority region",
            "ar": "إطلاق مركز إقليمي في منطقة ذات أولوية جديدة",
            "fr": "Lancement d'un pôle régional dans une nouvelle région prioritaire",
            "es": "Puesta en marcha de un centro regional en una nueva región prioritaria",
        },
        {
            "en": "For example West Africa / Sahel, North America, South-East Asia.",
            "ar": "مثل غرب أفريقيا / الساحل، وأمريكا الشمالية، وجنوب شرق آسيا.",
            "fr": "Par exemple l'Afrique de l'Ouest / le Sahel, l'Amérique du Nord, l'Asie du Sud-Est.",
            "es": "Por ejemplo, África Occidental / Sahel, América del Norte, el Sudeste Asiático.",
        },
    ),
    (
        3,
        "trans-regional-learning",
        {
            "en": "Trans-regional learning and engagement",
            "ar": "التعلم والتواصل عبر الأقاليم",
            "fr": "Apprentissage et engagement transrégionaux",
            "es": "Aprendizaje y participación transregionales",
        },
        {
            "en": "Trans-regional learning and engagement on one or more priority areas.",
            "ar": "التعلم والتواصل عبر الأقاليم في مجال أو أكثر من مجالات الأولوية.",
            "fr": "Apprentissage et engagement transrégionaux dans un ou plusieurs domaines prioritaires.",
            "es": "Aprendizaje y participación transregionales en una o varias áreas prioritarias.",
        },
    ),
    (
        4,
        "city-to-city-in-country",
        {
            "en": "City-to-city learning within one country",
            "ar": "التعلم بين المدن داخل بلد واحد",
            "fr": "Apprentissage de ville à ville dans un même pays",
            "es": "Aprendizaje entre ciudades dentro de un mismo país",
        },
        {
            "en": "City-to-city learning within one country on one or more priority areas.",
            "ar": "التعلم بين المدن داخل بلد واحد في مجال أو أكثر من مجالات الأولوية.",
            "fr": "Apprentissage de ville à ville dans un même pays, dans un ou plusieurs domaines prioritaires.",
            "es": "Aprendizaje entre ciudades dentro de un mismo país en una o varias áreas prioritarias.",
        },
    ),
    (
        5,
        "capacity-building",
        {
            "en": "City-focused capacity building and technical support",
            "ar": "بناء القدرات والدعم التقني للمدن",
            "fr": "Renforcement des capacités et assistance technique aux villes",
            "es": "Fortalecimiento de capacidades y apoyo técnico a las ciudades",
        },
        {
            "en": "Including local prevention policies, networks and mechanisms for lasting local-government–youth collaboration.",
            "ar": "بما في ذلك سياسات الوقاية المحلية والشبكات والآليات من أجل تعاون دائم بين الحكومات المحلية والشباب.",
            "fr": "Y compris des politiques locales de prévention, des réseaux et des mécanismes pour une collaboration durable entre collectivités locales et jeunes.",
            "es": "Incluidas políticas locales de prevención, redes y mecanismos para una colaboración duradera entre los gobiernos locales y la juventud.",
        },
    ),
]


def seed(apps, schema_editor):
    SupportType = apps.get_model("funding", "SupportType")
    for number, code, titles, descriptions in SUPPORT_TYPES:
        if SupportType.objects.filter(code=code).exists():
            continue
        fields = {"title": titles["en"], "description": descriptions["en"]}
        for language in ("en", "ar", "fr", "es"):
            fields[f"title_{language}"] = titles[language]
            fields[f"description_{language}"] = descriptions[language]
        SupportType.objects.create(number=number, code=code, **fields)


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_partners_contributions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
