"""Organisations for the demo: the donors the strategy names, ISD, and generic hub hosts.

Donor names are the strategy's own list (Arabic verbatim from it). The hub hosts are
deliberately generic ("Demo partner NGO (...)") so nobody mistakes them for real NGOs.
Each entry: name {lang: text}, kind (an ``Organisation.Kind`` value), country, website.
"""

DONORS = [
    {
        "name": {
            "en": "European Union",
            "ar": "الاتحاد الأوروبي",
            "fr": "Union européenne",
            "es": "Unión Europea",
        },
        "kind": "multilateral",
        "country": "",
        "since": 2019,
    },
    {
        "name": {"en": "Australia", "ar": "أستراليا", "fr": "Australie", "es": "Australia"},
        "kind": "national_government",
        "country": "AU",
        "since": 2017,
    },
    {
        "name": {"en": "Denmark", "ar": "الدنمارك", "fr": "Danemark", "es": "Dinamarca"},
        "kind": "national_government",
        "country": "DK",
        "since": 2016,
    },
    {
        "name": {"en": "Netherlands", "ar": "هولندا", "fr": "Pays-Bas", "es": "Países Bajos"},
        "kind": "national_government",
        "country": "NL",
        "since": 2018,
    },
    {
        "name": {"en": "Norway", "ar": "النرويج", "fr": "Norvège", "es": "Noruega"},
        "kind": "national_government",
        "country": "NO",
        "since": 2016,
    },
    {
        "name": {
            "en": "United Kingdom",
            "ar": "المملكة المتحدة",
            "fr": "Royaume-Uni",
            "es": "Reino Unido",
        },
        "kind": "national_government",
        "country": "GB",
        "since": 2015,
    },
    {
        "name": {
            "en": "United States",
            "ar": "الولايات المتحدة",
            "fr": "États-Unis",
            "es": "Estados Unidos",
        },
        "kind": "national_government",
        "country": "US",
        "since": 2015,
    },
]

# A donor that asked not to be named: it must never appear on public pages.
ANONYMOUS_DONOR = {
    "name": {
        "en": "Private foundation (anonymous, demo)",
        "ar": "مؤسسة خاصة (مجهولة الهوية، تجريبية)",
        "fr": "Fondation privée (anonyme, démo)",
        "es": "Fundación privada (anónima, demo)",
    },
    "kind": "foundation",
    "country": "",
    "since": 2022,
}

ISD = {
    "name": {
        "en": "Institute for Strategic Dialogue",
        "ar": "معهد الحوار الاستراتيجي",
        "fr": "Institute for Strategic Dialogue",
        "es": "Institute for Strategic Dialogue",
    },
    "kind": "partner",
    "country": "GB",
    "website": "https://www.isdglobal.org/",
}

# Generic hosts for the regional hubs, keyed by the hub's slug (see hubs/demo.py).
HUB_HOSTS = {
    "east-southern-africa": {
        "name": {
            "en": "Demo partner NGO (East and Southern Africa)",
            "ar": "منظمة شريكة تجريبية (شرق وجنوب أفريقيا)",
            "fr": "ONG partenaire de démonstration (Afrique de l'Est et australe)",
            "es": "ONG asociada de demostración (África Oriental y Austral)",
        },
        "kind": "hub_host",
        "country": "KE",
    },
    "mena": {
        "name": {
            "en": "Demo partner NGO (Middle East and North Africa)",
            "ar": "منظمة شريكة تجريبية (الشرق الأوسط وشمال أفريقيا)",
            "fr": "ONG partenaire de démonstration (Moyen-Orient et Afrique du Nord)",
            "es": "ONG asociada de demostración (Oriente Medio y Norte de África)",
        },
        "kind": "hub_host",
        "country": "JO",
    },
    "south-asia": {
        "name": {
            "en": "Demo partner NGO (South Asia)",
            "ar": "منظمة شريكة تجريبية (جنوب آسيا)",
            "fr": "ONG partenaire de démonstration (Asie du Sud)",
            "es": "ONG asociada de demostración (Asia del Sur)",
        },
        "kind": "hub_host",
        "country": "BD",
    },
    "western-balkans": {
        "name": {
            "en": "Demo partner NGO (Western Balkans)",
            "ar": "منظمة شريكة تجريبية (غرب البلقان)",
            "fr": "ONG partenaire de démonstration (Balkans occidentaux)",
            "es": "ONG asociada de demostración (Balcanes Occidentales)",
        },
        "kind": "hub_host",
        "country": "MK",
    },
}
