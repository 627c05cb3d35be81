"""The words of the demo resources, written in each of the four languages (not
translated word for word from English): topics, title patterns per kind, paragraphs."""

LANGUAGES = ("en", "ar", "fr", "es")

# code: (theme, priority number, names, paragraphs) — each a dict by language.
TOPICS = {
    "youth-councils": (
        "youth",
        4,
        {
            "en": "youth councils",
            "ar": "مجالس الشباب",
            "fr": "conseils de jeunes",
            "es": "consejos juveniles",
        },
        {
            "en": [
                "Young people elected in each district meet the mayor's office every month "
                "and decide how a small budget for local projects is spent.",
                "Councils that last are those whose proposals the city visibly acts on.",
            ],
            "ar": [
                "يجتمع شباب منتخبون في كل حي مع مكتب رئيس البلدية كل شهر، ويقررون كيف "
                "تُنفق ميزانية صغيرة على مشاريع محلية.",
                "المجالس التي تدوم هي تلك التي ترى المدينة تأخذ بمقترحاتها فعلًا.",
            ],
            "fr": [
                "Des jeunes élus dans chaque quartier rencontrent chaque mois le cabinet du "
                "maire et décident de l’emploi d’un petit budget de projets locaux.",
                "Les conseils qui durent sont ceux dont la ville met les propositions en œuvre.",
            ],
            "es": [
                "Jóvenes elegidos en cada barrio se reúnen cada mes con la alcaldía y "
                "deciden en qué se gasta un pequeño presupuesto de proyectos locales.",
                "Los consejos que perduran son aquellos cuyas propuestas la ciudad lleva a cabo.",
            ],
        },
    ),
    "online-hate": (
        "online-hate",
        3,
        {
            "en": "responding to online hate",
            "ar": "التصدي لخطاب الكراهية عبر الإنترنت",
            "fr": "répondre à la haine en ligne",
            "es": "responder al odio en línea",
        },
        {
            "en": [
                "The city trained its communication team to spot coordinated hate "
                "campaigns and to answer with facts and the voices of residents.",
                "A shared log with the police and civil society helps see patterns early.",
            ],
            "ar": [
                "درّبت المدينة فريق الاتصال لديها على رصد حملات الكراهية المنسقة والرد "
                "عليها بالحقائق وبأصوات السكان.",
                "يساعد سجل مشترك مع الشرطة والمجتمع المدني على ملاحظة الأنماط مبكرًا.",
            ],
            "fr": [
                "La ville a formé son équipe de communication à repérer les campagnes de "
                "haine coordonnées et à y répondre par des faits et la parole des habitants.",
                "Un registre partagé avec la police et la société civile aide à voir tôt "
                "les tendances.",
            ],
            "es": [
                "La ciudad formó a su equipo de comunicación para detectar campañas de "
                "odio coordinadas y responder con datos y con la voz de los vecinos.",
                "Un registro compartido con la policía y la sociedad civil ayuda a ver "
                "las tendencias a tiempo.",
            ],
        },
    ),
    "neighbourhood-dialogues": (
        "social-cohesion",
        1,
        {
            "en": "neighbourhood dialogues",
            "ar": "حوارات الأحياء",
            "fr": "dialogues de quartier",
            "es": "diálogos vecinales",
        },
        {
            "en": [
                "Residents of different backgrounds meet in schools and libraries to "
                "discuss what worries them, with trained local facilitators.",
                "Each dialogue ends with one commitment the municipality follows up.",
            ],
            "ar": [
                "يلتقي سكان من خلفيات مختلفة في المدارس والمكتبات لمناقشة ما يقلقهم، "
                "بمساعدة ميسّرين محليين مدرَّبين.",
                "ينتهي كل حوار بالتزام واحد تتابعه البلدية.",
            ],
            "fr": [
                "Des habitants d’horizons différents se retrouvent dans les écoles et les "
                "bibliothèques pour parler de ce qui les inquiète, avec des animateurs "
                "locaux formés.",
                "Chaque dialogue se conclut par un engagement dont la commune assure le suivi.",
            ],
            "es": [
                "Vecinos de orígenes distintos se reúnen en escuelas y bibliotecas para "
                "hablar de lo que les preocupa, con facilitadores locales formados.",
                "Cada diálogo termina con un compromiso al que el municipio da seguimiento.",
            ],
        },
    ),
    "prevention-networks": (
        "prevention",
        3,
        {
            "en": "local prevention networks",
            "ar": "شبكات الوقاية المحلية",
            "fr": "réseaux locaux de prévention",
            "es": "redes locales de prevención",
        },
        {
            "en": [
                "Social workers, teachers, health staff and youth workers meet as one "
                "network to support people at risk of radicalisation.",
                "Clear rules on sharing information keep the trust of families.",
            ],
            "ar": [
                "يجتمع الأخصائيون الاجتماعيون والمعلمون والعاملون الصحيون والعاملون مع "
                "الشباب في شبكة واحدة لدعم الأشخاص المعرضين لخطر التطرف.",
                "تحافظ القواعد الواضحة لتبادل المعلومات على ثقة الأسر.",
            ],
            "fr": [
                "Travailleurs sociaux, enseignants, soignants et animateurs jeunesse se "
                "réunissent en un seul réseau pour soutenir les personnes exposées à la "
                "radicalisation.",
                "Des règles claires de partage d’informations préservent la confiance des "
                "familles.",
            ],
            "es": [
                "Trabajadores sociales, docentes, personal sanitario y educadores juveniles "
                "se reúnen en una sola red para apoyar a las personas en riesgo de "
                "radicalización.",
                "Reglas claras sobre el intercambio de información mantienen la confianza "
                "de las familias.",
            ],
        },
    ),
    "psychosocial-support": (
        "psychosocial",
        3,
        {
            "en": "psychosocial support after an attack",
            "ar": "الدعم النفسي والاجتماعي بعد هجوم",
            "fr": "soutien psychosocial après un attentat",
            "es": "apoyo psicosocial tras un atentado",
        },
        {
            "en": [
                "Within hours, the city opened a support centre with psychologists, "
                "interpreters and faith leaders, and kept it open for months.",
                "Commemorations were planned with the families of the victims.",
            ],
            "ar": [
                "فتحت المدينة خلال ساعات مركز دعم يضم أخصائيين نفسيين ومترجمين وقادة "
                "دينيين، وأبقته مفتوحًا لأشهر.",
                "خُطط لإحياء الذكرى بالتشاور مع أسر الضحايا.",
            ],
            "fr": [
                "En quelques heures, la ville a ouvert un centre d’accueil avec des "
                "psychologues, des interprètes et des responsables religieux, resté ouvert "
                "pendant des mois.",
                "Les commémorations ont été préparées avec les familles des victimes.",
            ],
            "es": [
                "En pocas horas, la ciudad abrió un centro de apoyo con psicólogos, "
                "intérpretes y líderes religiosos, y lo mantuvo abierto durante meses.",
                "Los homenajes se prepararon con las familias de las víctimas.",
            ],
        },
    ),
    "national-local": (
        "prevention",
        2,
        {
            "en": "national–local coordination",
            "ar": "التنسيق بين المستويين الوطني والمحلي",
            "fr": "coordination entre l’État et les villes",
            "es": "coordinación entre el Estado y las ciudades",
        },
        {
            "en": [
                "A standing dialogue between the ministry and the city's prevention team "
                "turned the national action plan into local services.",
                "Each side named one contact and met every quarter.",
            ],
            "ar": [
                "حوّل حوار دائم بين الوزارة وفريق الوقاية في المدينة خطة العمل الوطنية "
                "إلى خدمات محلية.",
                "سمّى كل طرف جهة اتصال واحدة، واجتمعا كل ثلاثة أشهر.",
            ],
            "fr": [
                "Un dialogue permanent entre le ministère et l’équipe de prévention de la "
                "ville a traduit le plan d’action national en services locaux.",
                "Chaque partie a désigné un interlocuteur, et ils se sont réunis chaque trimestre.",
            ],
            "es": [
                "Un diálogo permanente entre el ministerio y el equipo de prevención de la "
                "ciudad convirtió el plan de acción nacional en servicios locales.",
                "Cada parte nombró un contacto y se reunieron cada trimestre.",
            ],
        },
    ),
    "women-leadership": (
        "gender",
        5,
        {
            "en": "women's leadership in prevention",
            "ar": "قيادة المرأة في الوقاية",
            "fr": "le leadership des femmes dans la prévention",
            "es": "el liderazgo de las mujeres en la prevención",
        },
        {
            "en": [
                "Women mayors and councillors shared how they built coalitions against "
                "hate in their communities.",
                "Mentoring pairs continued the exchange after the workshop.",
            ],
            "ar": [
                "شاركت رئيسات بلديات وعضوات مجالس كيف بنين تحالفات ضد الكراهية في مجتمعاتهن.",
                "واصلت ثنائيات الإرشاد التبادل بعد ورشة العمل.",
            ],
            "fr": [
                "Des maires et des conseillères municipales ont raconté comment elles ont "
                "bâti des coalitions contre la haine dans leurs communautés.",
                "Des binômes de mentorat ont poursuivi l’échange après l’atelier.",
            ],
            "es": [
                "Alcaldesas y concejalas contaron cómo construyeron coaliciones contra el "
                "odio en sus comunidades.",
                "Parejas de mentoría continuaron el intercambio después del taller.",
            ],
        },
    ),
}

# How each kind's title reads; {topic} and, for a city's kinds, {city}.
TITLES = {
    "training_tool": {
        "en": "Training module: {topic}",
        "ar": "وحدة تدريبية: {topic}",
        "fr": "Module de formation : {topic}",
        "es": "Módulo de formación: {topic}",
    },
    "toolkit": {
        "en": "Toolkit: {topic}",
        "ar": "مجموعة أدوات: {topic}",
        "fr": "Boîte à outils : {topic}",
        "es": "Caja de herramientas: {topic}",
    },
    "research": {
        "en": "Report: {topic}, lessons from the network",
        "ar": "تقرير: {topic}، دروس من الشبكة",
        "fr": "Rapport : {topic}, leçons du réseau",
        "es": "Informe: {topic}, lecciones de la red",
    },
    "recording": {
        "en": "Webinar recording: {topic}",
        "ar": "تسجيل ندوة عبر الإنترنت: {topic}",
        "fr": "Enregistrement du webinaire : {topic}",
        "es": "Grabación del seminario web: {topic}",
    },
    "template": {
        "en": "Action plan template: {topic}",
        "ar": "نموذج خطة عمل: {topic}",
        "fr": "Modèle de plan d’action : {topic}",
        "es": "Plantilla de plan de acción: {topic}",
    },
    "policy": {
        "en": "Local policy of {city}: {topic}",
        "ar": "السياسة المحلية لمدينة {city}: {topic}",
        "fr": "Politique locale de {city} : {topic}",
        "es": "Política local de {city}: {topic}",
    },
    "good_practice": {
        "en": "Good practice from {city}: {topic}",
        "ar": "ممارسة جيدة من {city}: {topic}",
        "fr": "Bonne pratique de {city} : {topic}",
        "es": "Buena práctica de {city}: {topic}",
    },
    "case_study": {
        "en": "Case study: {topic} in {city}",
        "ar": "دراسة حالة: {topic} في {city}",
        "fr": "Étude de cas : {topic} à {city}",
        "es": "Estudio de caso: {topic} en {city}",
    },
}
CITY_KINDS = ("policy", "good_practice", "case_study")

DEMO_MARK = {"en": " (demo)", "ar": " (تجريبي)", "fr": " (démo)", "es": " (demo)"}
DEMO_NOTE = {
    "en": "Demo content: an example written to show the portal.",
    "ar": "محتوى تجريبي: مثال كُتب لعرض البوابة.",
    "fr": "Contenu de démonstration : un exemple rédigé pour présenter le portail.",
    "es": "Contenido de demostración: un ejemplo redactado para presentar el portal.",
}
