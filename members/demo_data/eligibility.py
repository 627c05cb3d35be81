"""Demo data of the membership check: the terms of reference, an EXAMPLE disputed-territory
list, and one fictional applicant that falls inside it.

The territories below are illustrations, not listings: their names say "(example)", their
reference says so, and the places were chosen because nobody lives there (uninhabited
atolls, an empty stretch of desert), not because of any dispute. The Management Unit
keeps the real list.
"""

MEMBERSHIP_TERMS = {
    "label": "2023 (demo)",
    "effective_on": (2023, 1, 1),
    "text": {
        "en": (
            "Demo terms of reference. Members uphold the six guiding principles in word and "
            "deed, share relevant non-sensitive information with the network, and work with "
            "the network's governing and management bodies. Membership is open to any local "
            "government that commits to the principles and is not located in a territory "
            "disputed under international law."
        ),
        "ar": (
            "اختصاصات تجريبية. يلتزم الأعضاء بالمبادئ التوجيهية الستة قولاً وفعلاً، ويتبادلون "
            "المعلومات غير الحساسة ذات الصلة مع الشبكة، ويعملون مع هيئات الحوكمة والإدارة في "
            "الشبكة. العضوية مفتوحة لأي حكومة محلية تلتزم بالمبادئ ولا تقع في إقليم متنازع عليه "
            "بموجب القانون الدولي."
        ),
        "fr": (
            "Termes de référence de démonstration. Les membres respectent les six principes "
            "directeurs en paroles et en actes, partagent avec le réseau les informations utiles "
            "et non sensibles, et travaillent avec ses organes de gouvernance et de gestion. "
            "L'adhésion est ouverte à toute collectivité locale qui s'engage à respecter les "
            "principes et qui n'est pas située dans un territoire contesté au regard du droit "
            "international."
        ),
        "es": (
            "Términos de referencia de demostración. Los miembros respetan los seis principios "
            "rectores de palabra y de hecho, comparten con la red información pertinente y no "
            "sensible, y trabajan con sus órganos de gobierno y de gestión. La membresía está "
            "abierta a todo gobierno local que se comprometa con los principios y no esté "
            "situado en un territorio en disputa según el derecho internacional."
        ),
    },
}

EXAMPLE_REFERENCE = (
    "Illustration for the demo only: this is not a real listing and rests on no resolution; "
    "the place was chosen because nobody lives there. The Management Unit maintains the real "
    "list of territories disputed under international law."
)

# Each: {"name": {lang: text}, "countries", "subdivision_codes", "boundary"}.
EXAMPLE_TERRITORIES = [
    {
        "name": {
            "en": "Example territory A (example)",
            "ar": "الإقليم أ (مثال)",
            "fr": "Territoire A (exemple)",
            "es": "Territorio A (ejemplo)",
        },
        "countries": ["UM"],
        "subdivision_codes": ["UM-67", "UM-71"],
        "boundary": None,
    },
    {
        "name": {
            "en": "Example territory B (example)",
            "ar": "الإقليم ب (مثال)",
            "fr": "Territoire B (exemple)",
            "es": "Territorio B (ejemplo)",
        },
        "countries": ["UM"],
        "subdivision_codes": ["UM-81", "UM-84", "UM-86"],
        "boundary": None,
    },
    {
        "name": {
            "en": "Example territory C, by boundary (example)",
            "ar": "الإقليم ج، بحسب الحدود (مثال)",
            "fr": "Territoire C, par ses limites (exemple)",
            "es": "Territorio C, por sus límites (ejemplo)",
        },
        "countries": ["MR"],
        "subdivision_codes": [],
        # A square of empty desert, far from every demo city (longitude, latitude).
        "boundary": {
            "type": "Polygon",
            "coordinates": [
                [[-12.5, 19.5], [-11.5, 19.5], [-11.5, 20.5], [-12.5, 20.5], [-12.5, 19.5]]
            ],
        },
    },
]

# A fictional applicant inside example territory C, so staff see an ineligible application.
INELIGIBLE_APPLICANT = {
    "name": {
        "en": "Example applicant town (demo)",
        "ar": "بلدة مقدمة الطلب (تجريبية)",
        "fr": "Ville candidate d'exemple (démo)",
        "es": "Localidad solicitante de ejemplo (demo)",
    },
    "country": "MR",
    "kind": "rural",
    "latitude": 20.0,
    "longitude": -12.0,
    "population": 1200,
    "submitted_days_ago": 9,
}
