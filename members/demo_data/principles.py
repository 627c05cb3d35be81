"""The five strategic priorities and the six guiding principles, in four languages.

English follows DOMAIN.md. Arabic is the wording of the network's own Arabic strategy
(``seed/scn-strategy-2023-2025.ar.txt``), verbatim except two typing slips corrected:
"ألامدن" -> "المدن" (priority 4) and "و متماسكة" -> "ومتماسكة" (principle 6). The strategy
gives each priority as one sentence; the Arabic title is that sentence's opening phrase.
French and Spanish are our translations, in the register of GLOSSARY.md.
"""

# Each priority: number, code, then {"title": {lang: text}, "description": {lang: text}}.
PRIORITIES = [
    {
        "number": 1,
        "code": "city-to-city",
        "title": {
            "en": "City-to-city exchange",
            "ar": "تعزيز التفاعل بين المدن",
            "fr": "Échanges entre villes",
            "es": "Intercambio entre ciudades",
        },
        "description": {
            "en": (
                "Strengthen city-to-city exchange within and across national and regional "
                "contexts, so that local leaders and governments with shared interests learn "
                "from each other."
            ),
            "ar": (
                "تعزيز التفاعل بين المدن من خلال وعبر مختلف السياقات الوطنية والإقليمية للسماح "
                "للقادة المحليين والحكومات ذات المصالح المشتركة بالقيام بتبادل الخبرات فيما بينهم."
            ),
            "fr": (
                "Renforcer les échanges entre villes, au sein des contextes nationaux et régionaux "
                "et de l'un à l'autre, afin que les élus locaux et les collectivités qui partagent "
                "des intérêts apprennent les uns des autres."
            ),
            "es": (
                "Fortalecer el intercambio entre ciudades dentro de los contextos nacionales y "
                "regionales y entre ellos, para que los líderes locales y los gobiernos con "
                "intereses comunes aprendan unos de otros."
            ),
        },
    },
    {
        "number": 2,
        "code": "national-local",
        "title": {
            "en": "National–local cooperation",
            "ar": "تعزيز التعاون الوطني والمحلي الفعال",
            "fr": "Coopération nationale-locale",
            "es": "Cooperación nacional-local",
        },
        "description": {
            "en": (
                "Foster effective national–local cooperation, so that local governments know the "
                "national policies and programmes relevant to their needs and priorities, own "
                "them locally and implement them."
            ),
            "ar": (
                "تعزيز التعاون الوطني والمحلي الفعال لضمان الوعي بالسياسات والبرامج الوطنية ذات "
                "الصلة باحتياجات وأولويات الحكومة المحلية، وتسهيل حق التملك المحلي، وبالتالي "
                "القيام بتطبيقها محلياً."
            ),
            "fr": (
                "Favoriser une coopération efficace entre les niveaux national et local, afin que "
                "les collectivités locales connaissent les politiques et programmes nationaux "
                "utiles à leurs besoins et à leurs priorités, se les approprient et les mettent "
                "en œuvre localement."
            ),
            "es": (
                "Impulsar una cooperación eficaz entre los niveles nacional y local, para que los "
                "gobiernos locales conozcan las políticas y los programas nacionales pertinentes "
                "para sus necesidades y prioridades, se apropien de ellos y los apliquen a nivel "
                "local."
            ),
        },
    },
    {
        "number": 3,
        "code": "local-mandates",
        "title": {
            "en": "Local mandates and programmes",
            "ar": "دعم المدن لتطوير أو تعزيز الصلاحيات/الولايات والبرامج",
            "fr": "Mandats et programmes locaux",
            "es": "Mandatos y programas locales",
        },
        "description": {
            "en": (
                "Support cities to develop or strengthen mandates and programmes to prevent and "
                "respond to extremism, hate and polarisation, building on their existing "
                "services, networks and skills."
            ),
            "ar": (
                "دعم المدن لتطوير أو تعزيز الصلاحيات/الولايات والبرامج لمنع التطرف والكراهية "
                "والاستقطاب والتصدي لهم، والتي تعزز مجموعة الخدمات والمصالح والشبكات والمهارات "
                "المحلية الموجودة فيها."
            ),
            "fr": (
                "Aider les villes à se doter de mandats et de programmes, ou à les renforcer, pour "
                "prévenir l'extrémisme, la haine et la polarisation et y répondre, en s'appuyant "
                "sur leurs services, leurs réseaux et leurs compétences."
            ),
            "es": (
                "Apoyar a las ciudades para que desarrollen o refuercen mandatos y programas de "
                "prevención y respuesta al extremismo, el odio y la polarización, aprovechando "
                "sus servicios, redes y capacidades existentes."
            ),
        },
    },
    {
        "number": 4,
        "code": "city-youth",
        "title": {
            "en": "City–youth engagement",
            "ar": "تعزيز المشاركة بين المدن والشباب",
            "fr": "Engagement entre villes et jeunes",
            "es": "Colaboración entre ciudades y juventud",
        },
        "description": {
            "en": (
                "Strengthen engagement between cities and young people: young people gain the "
                "skills, confidence and opportunities to engage local government, and cities "
                "gain the frameworks, understanding and tools for participatory, representative "
                "policy and practice."
            ),
            "ar": (
                "تعزيز المشاركة بين المدن والشباب ليكتسب الشباب المهارات والثقة إضافة إلى إتاحة "
                "الفرصة لهم للمشاركة مع الحكومات المحلية، ولكي تكون المدن بدورها الأطر والفهم "
                "والأدوات اللازمة للسياسات والممارسات القائمة على التشاركية والتمثيل."
            ),
            "fr": (
                "Renforcer l'engagement entre les villes et les jeunes : les jeunes acquièrent les "
                "compétences, la confiance et les occasions de dialoguer avec les collectivités "
                "locales, et les villes se dotent des cadres, de la compréhension et des outils "
                "nécessaires à des politiques et des pratiques participatives et représentatives."
            ),
            "es": (
                "Fortalecer la colaboración entre las ciudades y la juventud: los jóvenes "
                "adquieren las capacidades, la confianza y las oportunidades para relacionarse "
                "con el gobierno local, y las ciudades obtienen los marcos, el conocimiento y las "
                "herramientas para políticas y prácticas participativas y representativas."
            ),
        },
    },
    {
        "number": 5,
        "code": "mayoral-leadership",
        "title": {
            "en": "Voice and leadership of mayors",
            "ar": "رفع صوت وقيادة رؤساء البلديات والقادة المحليين الآخرين",
            "fr": "Voix et leadership des maires",
            "es": "Voz y liderazgo de los alcaldes",
        },
        "description": {
            "en": (
                "Raise the voice and leadership of mayors and other local leaders at regional and "
                "international level, so that national and multilateral approaches reflect and "
                "better understand the realities on the ground."
            ),
            "ar": (
                "رفع صوت وقيادة رؤساء البلديات والقادة المحليين الآخرين وتمكينهم على المستويين "
                "الإقليمي والدولي، بحيث تكون النهج الوطنية والمتعددة الأطراف مرتبطة بالحقائق على "
                "أرض الواقع وتفهمها بشكل أفضل."
            ),
            "fr": (
                "Faire entendre la voix des maires et des autres élus locaux et renforcer leur "
                "leadership aux niveaux régional et international, afin que les approches "
                "nationales et multilatérales reflètent mieux les réalités du terrain."
            ),
            "es": (
                "Amplificar la voz y el liderazgo de los alcaldes y otros líderes locales a nivel "
                "regional e internacional, para que los enfoques nacionales y multilaterales "
                "reflejen y comprendan mejor la realidad sobre el terreno."
            ),
        },
    },
]

PRINCIPLE_VERSION = {
    "label": "2023",
    "effective_on": (2023, 1, 1),
    "note": "The six guiding principles as published in the Strategy 2023–2025.",
}

# The six guiding principles, in order: {lang: text}.
PRINCIPLES = [
    {
        "en": (
            "Uphold, respect and protect the rights of all people, regardless of race, religion, "
            "nationality, gender, sexual orientation or any other social, cultural or ethnic "
            "group."
        ),
        "ar": (
            "دعم واحترام وحماية حقوق جميع الناس، بغض النظر عن العرق أو الدين أو الجنسية أو الجنس "
            "أو التوجه الجنسي أو أية مجموعة اجتماعية أو ثقافية أو عرقية أخرى."
        ),
        "fr": (
            "Défendre, respecter et protéger les droits de toutes les personnes, quels que soient "
            "leur race, leur religion, leur nationalité, leur genre, leur orientation sexuelle ou "
            "tout autre groupe social, culturel ou ethnique."
        ),
        "es": (
            "Defender, respetar y proteger los derechos de todas las personas, sin distinción de "
            "raza, religión, nacionalidad, género, orientación sexual o cualquier otro grupo "
            "social, cultural o étnico."
        ),
    },
    {
        "en": (
            "Proactively address, in their city and/or community, any manifestation of "
            "discrimination or hatred towards any individual or group."
        ),
        "ar": (
            "التصدي بشكل استباقي في مدينتهم و/أو مجتمعهم لأي مظهر من مظاهر التمييز أو الكراهية "
            "تجاه أي فرد أو مجموعة."
        ),
        "fr": (
            "Combattre de manière proactive, dans leur ville et/ou leur communauté, toute "
            "manifestation de discrimination ou de haine envers une personne ou un groupe."
        ),
        "es": (
            "Abordar de forma proactiva, en su ciudad y/o comunidad, cualquier manifestación de "
            "discriminación u odio hacia cualquier persona o grupo."
        ),
    },
    {
        "en": (
            "Partner with and support local communities and civil society, and give them a "
            "voice — including youth, women and religious leaders — on an inclusive, "
            "collaborative, non-discriminatory and rights-respecting basis."
        ),
        "ar": (
            "الشراكة مع المجتمعات المحلية والمجتمع المدني ودعمها مع إعطائها حق حرية التعبير، بما "
            "في ذلك الشباب والنساء والقادة الدينيين، على أساس شامل وتعاوني وغير تمييزي يحترم "
            "الحقوق."
        ),
        "fr": (
            "Collaborer avec les communautés locales et la société civile, les soutenir et leur "
            "donner la parole — notamment aux jeunes, aux femmes et aux responsables religieux — "
            "sur une base inclusive, collaborative, non discriminatoire et respectueuse des "
            "droits."
        ),
        "es": (
            "Colaborar con las comunidades locales y la sociedad civil, apoyarlas y darles voz "
            "—incluidos los jóvenes, las mujeres y los líderes religiosos— sobre una base "
            "inclusiva, colaborativa, no discriminatoria y respetuosa de los derechos."
        ),
    },
    {
        "en": (
            "Monitor and evaluate city-led activities and initiatives that aim to prevent "
            "extremism, hate and polarisation that can lead to violence, and more broadly trends "
            "and initiatives that build social cohesion and resilience."
        ),
        "ar": (
            "رصد وتقييم الأنشطة والمبادرات التي تقودها المدينة والتي تهدف إلى منع التطرف والكراهية "
            "والاستقطاب التي يمكن أن تؤدي إلى العنف، وعلى نطاق أوسع، الاتجاهات والمبادرات التي "
            "تهدف إلى بناء التماسك الاجتماعي والقدرة على الصمود."
        ),
        "fr": (
            "Suivre et évaluer les activités et initiatives menées par la ville pour prévenir "
            "l'extrémisme, la haine et la polarisation susceptibles de conduire à la violence et, "
            "plus largement, les tendances et initiatives qui renforcent la cohésion sociale et "
            "la résilience."
        ),
        "es": (
            "Dar seguimiento y evaluar las actividades e iniciativas impulsadas por la ciudad "
            "para prevenir el extremismo, el odio y la polarización que pueden conducir a la "
            "violencia y, de forma más amplia, las tendencias e iniciativas que fortalecen la "
            "cohesión social y la resiliencia."
        ),
    },
    {
        "en": (
            "Share relevant, non-sensitive information across the network to support peer "
            "learning and the network's mission."
        ),
        "ar": (
            "مشاركة المعلومات غير الحساسة ذات الصلة عبر الشبكة لدعم كل من التعلم الأقران ومهمة "
            "المدن القوية."
        ),
        "fr": (
            "Partager au sein du réseau les informations pertinentes et non sensibles, afin de "
            "soutenir l'apprentissage entre pairs et la mission du réseau."
        ),
        "es": (
            "Compartir en la red la información pertinente y no sensible para apoyar el "
            "aprendizaje entre pares y la misión de la red."
        ),
    },
    {
        "en": (
            "Work actively and collaboratively with the network's governing and management "
            "bodies to promote these principles, share experiences and trends, and support one "
            "another — and the network's mission — in building strong, cohesive and resilient "
            "cities."
        ),
        "ar": (
            "العمل بنشاط وتعاون مع الهيئات الحاكمة والإدارية للمدن القوية لتعزيز المبادئ المذكورة "
            "أعلاه، وتبادل الخبرات والاتجاهات، ودعم بعضنا البعض - ورسالة الشبكة - في بناء مدن "
            "قوية ومتماسكة ومرنة."
        ),
        "fr": (
            "Travailler activement et en collaboration avec les organes de gouvernance et de "
            "gestion du réseau pour promouvoir ces principes, partager expériences et tendances, "
            "et se soutenir mutuellement — ainsi que la mission du réseau — afin de bâtir des "
            "villes fortes, cohésives et résilientes."
        ),
        "es": (
            "Trabajar de forma activa y colaborativa con los órganos de gobierno y de gestión de "
            "la red para promover estos principios, compartir experiencias y tendencias, y "
            "apoyarse mutuamente —y apoyar la misión de la red— en la construcción de ciudades "
            "fuertes, cohesionadas y resilientes."
        ),
    },
]
