"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

- ``browser_type_launch_args`` launches ``/usr/bin/chromium`` headless (``playwright install``
  cannot download here). Without that binary the tests are skipped, unless
  ``SCN_REQUIRE_BROWSER=1`` (CI), where they fail: a missing browser never passes silently.
- Screenshots go to one directory per run: ``$SCN_SCREENSHOT_DIR``, or
  ``<repo>/test-artifacts/screenshots/<YYYYmmdd-HHMMSS>/``.
- A browser test whose call phase fails leaves ``<test>-failure.png`` and
  ``<test>-failure.html`` in that directory (and ``<test>-<person>-failure.*`` for each
  page it opened for another person with ``another_person``).

Below the launch setup: what the journeys, accessibility scans and layout checks share —
``tr`` (a msgid in a language, so a test reads the same in every language), sign-in through
the pages (with the second factor) or directly by session cookie (scans only), axe-core,
the overflow measure, a small valid PDF, and the portal's content (principles, cities).
"""

import datetime
import os
import re
import time
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

import axe_playwright_python
import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import expect

from governance.models import Minutes, MinutesComment
from governance.services import minutes as minutes_services
from members.models import (
    CountryRegion,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    PrincipleVersion,
    StrategicPriority,
)
from members.services.applications import ApplicationStep
from members.services.people import save_city_contact
from scn_portal.accounts.middleware import SessionTimeoutMiddleware
from tests import factories

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO_ROOT = Path(__file__).resolve().parents[2]

_screenshot_dir_key = pytest.StashKey[Path]()


def screenshot_dir_for(config: pytest.Config) -> Path:
    """This run's screenshot directory (named once per run, created on first use)."""
    directory = config.stash.get(_screenshot_dir_key, None)
    if directory is None:
        named = os.environ.get("SCN_SCREENSHOT_DIR")
        if named:
            directory = Path(named).expanduser().resolve()
        else:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            directory = REPO_ROOT / "test-artifacts" / "screenshots" / stamp
        config.stash[_screenshot_dir_key] = directory
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig) -> Path:
    return screenshot_dir_for(pytestconfig)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless; skipped when absent, failed when SCN_REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("SCN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SCN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    options = {k: v for k, v in browser_type_launch_args.items() if k != "channel"}
    return {
        **options,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


def watch_console(page) -> list[str]:
    """Texts of ``page``'s console errors and uncaught exceptions, collected as they come."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


@pytest.fixture
def console_errors(page) -> list[str]:
    """Texts of the page's console errors and uncaught exceptions, collected as they come."""
    return watch_console(page)


# Pages a test opened for other people (``another_person``), by name: saved on failure too.
_other_pages_key = pytest.StashKey[dict]()


@pytest.fixture
def another_person(request, new_context):
    """Open a browser of its own for another person (their own cookies, e.g. staff next to
    an ISC member, or an anonymous visitor): ``another_person("staff")`` returns a page
    with the same 8 s step timeout; a failing test saves its screenshot and HTML too."""
    opened = request.node.stash.setdefault(_other_pages_key, {})

    def open_page(name: str):
        person_page = new_context().new_page()
        person_page.set_default_timeout(STEP_TIMEOUT_MS)
        opened[name] = person_page
        return person_page

    return open_page


def _file_stem(item: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", item.name).strip("-")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "page" not in item.fixturenames:
        return
    pages = {"": getattr(item, "funcargs", {}).get("page")}
    others = item.stash.get(_other_pages_key, {})
    pages.update({f"-{name}": other for name, other in others.items()})
    directory = screenshot_dir_for(item.config)
    stem = _file_stem(item)
    saved = []
    for suffix, page in pages.items():
        if page is None or page.is_closed():
            continue
        try:
            png = directory / f"{stem}{suffix}-failure.png"
            page.screenshot(path=png, full_page=True)
            saved.append(png)
            html = directory / f"{stem}{suffix}-failure.html"
            html.write_text(page.content(), encoding="utf-8")
            saved.append(html)
        except Exception as exc:  # the test's own failure stays the one reported
            report.sections.append(("browser failure artifacts", f"could not save: {exc!r}"))
    if saved:
        report.sections.append(
            ("browser failure artifacts", "\n".join(str(path) for path in saved))
        )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    directory = config.stash.get(_screenshot_dir_key, None)
    if directory is not None:
        terminalreporter.write_line(f"browser screenshots: {directory}")


# --- Shared by the journeys, the accessibility scans and the layout checks -----------------
#
# Journeys look for what a person sees, in the page's language: every string is the
# catalogue's translation of the English msgid (``tr``), never hard-coded Arabic or French,
# so they keep passing while translators fill the catalogues in.


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
# Playwright's default is 30 s a step: a missing label should fail fast, not hang the run.
STEP_TIMEOUT_MS = 8_000
TOTP_PERIOD = mfa_settings.TOTP_PERIOD
# What axe-core's impact levels must never reach on a portal page.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)


def tr(language: str, msgid: str, **params) -> str:
    """The catalogue's ``msgid`` in ``language`` (the English text while untranslated)."""
    with translation.override(language):
        text = gettext(msgid)
        return text % params if params else text


def label_text(language: str, text) -> re.Pattern:
    """A field's label as the page writes it: the text, maybe Django's label suffix (":",
    translated) and the required-field star (hidden from screen readers, not from the DOM)."""
    with translation.override(language):
        text = str(text)
        suffix = gettext(":")
    return re.compile(
        rf"^\s*{re.escape(text)}\s*(?:{re.escape(suffix)}|:)?\s*\*?\s*$", re.IGNORECASE
    )


def form_field(scope, language: str, form_class, name: str):
    """The field the form labels ``name``: its label as the form writes it in ``language``
    (model fields are labelled by their translated verbose name)."""
    return scope.get_by_label(label_text(language, form_label(language, form_class, name)))


def form_label(language: str, form_class, name: str) -> str:
    with translation.override(language):
        return str(form_class.base_fields[name].label)


def exactly(text) -> re.Pattern:
    """A whole accessible name, whitespace-tolerant (templates wrap long strings)."""
    words = [re.escape(word) for word in str(text).split()]
    return re.compile(r"^\s*" + r"\s+".join(words) + r"\s*$")


def url_of(live_server, name: str, language: str, **kwargs) -> str:
    """Only for start pages, scans and journey 5: journeys otherwise follow links."""
    with translation.override(language):
        return live_server.url + reverse(name, kwargs=kwargs or None)


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing a step after 8 s instead of 30."""
    page.set_default_timeout(STEP_TIMEOUT_MS)
    return page


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth counts sign-ins in the cache and remembers used TOTP codes there."""
    cache.clear()
    yield
    cache.clear()


def sign_in(page, live_server, language: str, email: str, *, password=None, totp_secret=None):
    """Sign in as a person does: the start page, "Sign in", the form, and the second factor
    from an authenticator app (computed from the secret ``totp_secret``) when asked."""
    page.goto(url_of(live_server, "web:home", language))
    nav = page.get_by_role("navigation", name=tr(language, "Main navigation"))
    nav.get_by_role("link", name=tr(language, "Sign in"), exact=True).click()
    page.get_by_label(label_text(language, tr(language, "Email"))).fill(email)
    page.get_by_label(label_text(language, tr(language, "Password"))).fill(
        password or factories.PASSWORD
    )
    page.get_by_role("button", name=tr(language, "Sign In"), exact=True).click()
    if totp_secret is not None:
        expect_heading(page, tr(language, "Two-Factor Authentication"))
        page.get_by_label(label_text(language, tr(language, "Code"))).fill(totp_code(totp_secret))
        page.get_by_role("button", name=tr(language, "Sign In"), exact=True).click()
    # Staff open on their work queue, everyone else on their dashboard.
    landing = page.get_by_role("heading", level=1).filter(
        has_text=re.compile(
            f"^({re.escape(tr(language, 'My dashboard'))}"
            f"|{re.escape(tr(language, 'What waits for you today'))})$"
        )
    )
    expect(landing).to_be_visible()


def sign_out(page, language: str):
    """The portal's "Sign out" button, in the account menu of the main navigation."""
    nav = page.get_by_role("navigation", name=tr(language, "Main navigation"))
    nav.get_by_text(tr(language, "My account"), exact=True).click()
    nav.get_by_role("button", name=tr(language, "Sign out"), exact=True).click()


def browser_errors(console_errors: list[str]) -> list[str]:
    """Console errors that matter here: the policy refusing something, or a script crash
    (not, say, the admin's request for a /favicon.ico it never links)."""
    return [
        text
        for text in console_errors
        if "Content Security Policy" in text or text.startswith("uncaught")
    ]


def expect_heading(page, text, level: int = 1):
    expect(page.get_by_role("heading", name=exactly(text), level=level)).to_be_visible()


def choice(language: str, lazy_label) -> str:
    """A choice's label (a lazy model/form label) in ``language``."""
    with translation.override(language):
        return str(lazy_label)


def in_language(language: str, read):
    """``read()`` with ``language`` active (translated model fields, formats)."""
    with translation.override(language):
        return read()


def localized_date(language: str, day: datetime.date | None = None) -> str:
    """``day`` (by default today, in the portal's time zone) as the pages write it."""
    day = day or timezone.localdate()
    return in_language(language, lambda: date_format(day, "DATE_FORMAT"))


def expect_status_message(page, text):
    expect(page.get_by_role("status").get_by_text(exactly(text))).to_be_visible()


# --- The admin's applications queue ------------------------------------------------------


def open_applications_queue(page, language: str):
    """From the portal: "Administration", then the memberships list of the members app.
    The admin is served under the same Content-Security-Policy as the portal."""
    nav = page.get_by_role("navigation", name=tr(language, "Main navigation"))
    nav.get_by_role("link", name=tr(language, "Administration"), exact=True).click()
    with page.expect_response(lambda r: r.request.resource_type == "document") as response:
        page.get_by_role("main").get_by_role(
            "link",
            name=choice(language, capfirst(Membership._meta.verbose_name_plural)),
            exact=True,
        ).click()
    policy = response.value.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, response.value.headers


def application_row(page, city_name: str):
    return page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=city_name, exact=True)
    )


def run_admin_action(page, language: str, row, action_label):
    """Tick the row, choose the action, "Go" — checking that the admin's own script runs
    under the Content-Security-Policy (it counts the selected rows)."""
    counter = page.locator(".action-counter")
    before = counter.inner_text()
    row.get_by_role("checkbox").check()
    expect(counter).not_to_have_text(before)
    page.get_by_role("combobox", name=tr(language, "Action:"), exact=True).select_option(
        label=choice(language, action_label)
    )
    page.get_by_role("button", name=tr(language, "Go"), exact=True).click()


def admin_message(page, text):
    return page.locator(".messagelist").get_by_text(exactly(text))


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (allauth's own algorithm).

    allauth accepts only the current period (no tolerance): near its end, wait for the
    next one rather than type a code that expires on the way.
    """
    remaining = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if remaining < 3:
        time.sleep(remaining + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))


def activate_totp(user) -> str:
    """Give ``user`` an authenticator app (as after the setup page); returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in_directly(page, live_server, user):
    """A session cookie for ``user`` in the browser, without the sign-in pages (for scans and
    screenshots of pages behind the sign-in; the journeys sign in through the form)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SessionTimeoutMiddleware.STARTED] = store[SessionTimeoutMiddleware.SEEN] = int(
        time.time()
    )
    store.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core (the copy shipped by axe-playwright-python) on the current page; the
    violations of the given impacts (serious and critical by default).

    How axe gets in while the Content-Security-Policy stays on (tried here, see
    test_accessibility.test_axe_runs_under_the_policy_and_finds_what_it_should):
    ``script-src 'self'`` refuses ``page.add_script_tag(content=…)`` and
    ``add_script_tag(path=…)`` (Playwright inlines the file: "Executing inline script
    violates … 'script-src 'self''"); ``add_script_tag(url=…)`` would need axe served by
    the portal itself, which it must not be. ``page.evaluate`` instead hands the source to
    the DevTools protocol (Runtime.evaluate), which runs it in the page's context without a
    <script> element, so the policy does not apply — like a person pasting it into the
    console. The page is scanned as served, header included; ``bypass_csp=True`` on the
    browser context would have switched the policy off for the page: not used.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in results if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)


def horizontal_overflow(page) -> list[str]:
    """Where the page sticks out sideways: the outermost elements past either edge of the
    viewport, as short CSS paths with their left..right edges (empty when it fits)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width + 1) return [];
            const name = el => el.tagName.toLowerCase()
                + (el.classList.length ? "." + [...el.classList].join(".") : "");
            const path = el => [el.parentElement, el].filter(Boolean).map(name).join(" > ");
            const out = new Set();
            for (const el of document.body.querySelectorAll("*")) {
                const r = el.getBoundingClientRect();
                if (!r.width || (r.right <= width + 1 && r.left >= -1)) continue;
                const parent = el.parentElement.getBoundingClientRect();
                if (parent.right > width + 1 || parent.left < -1) continue;  // outermost only
                out.add(`${path(el)} [${Math.round(r.left)}..${Math.round(r.right)}]`);
            }
            return out.size ? [...out]
                : [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`];
        }"""
    )


def small_pdf(path: Path, text: str = "Signed commitment letter") -> Path:
    """A small, valid one-page PDF (cross-reference table with true byte offsets)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


# --- What the portal holds before a journey starts ------------------------------------------

PRINCIPLE_TEXTS = [
    {
        "text_en": "Local governments lead the prevention of extremism, hate and polarisation.",
        "text_ar": "تقود الحكومات المحلية جهود الوقاية من التطرف والكراهية والاستقطاب.",
        "text_fr": "Les collectivités locales mènent la prévention de l’extrémisme et de la haine.",
    },
    {
        "text_en": "Prevention respects human rights and the rule of law.",
        "text_ar": "تحترم الوقاية حقوق الإنسان وسيادة القانون.",
        "text_fr": "La prévention respecte les droits humains et l’état de droit.",
    },
]


@pytest.fixture
def principles(transactional_db):
    """The version of the guiding principles in force: two principles, in three languages."""
    version = PrincipleVersion.objects.create(label="2024", effective_on=datetime.date(2024, 1, 1))
    for number, texts in enumerate(PRINCIPLE_TEXTS, start=1):
        GuidingPrinciple.objects.create(version=version, number=number, **texts)
    return version


@pytest.fixture
def mena(transactional_db):
    """Morocco belongs to the MENA region (an applicant's region follows its country)."""
    region = factories.RegionFactory(
        code="mena", name_en="Middle East and North Africa", name_ar="الشرق الأوسط وشمال أفريقيا"
    )
    CountryRegion.objects.create(country="MA", region=region)
    return region


@pytest.fixture
def portal_world(transactional_db, principles, mena):
    """What the key pages show: Rabat, a listed member committed to the principles in force,
    and Chefchaouen, a complete draft application; one official acts for both. On the ISC,
    Rabat's mayor; published minutes of one meeting, circulated minutes of another."""
    rabat = factories.LocalGovernmentFactory(
        name_en="Rabat",
        name_ar="الرباط",
        name_fr="Rabat",
        kind=LocalGovernment.Kind.CAPITAL,
        country="MA",
        subdivision="MA-04",
        region=mena,
        population=577827,
        website="https://rabat.example.org",
        languages=["ar", "fr"],
        profile_en="The capital of Morocco, on the Atlantic coast.",
        profile_ar="عاصمة المغرب على ساحل المحيط الأطلسي.",
    )
    Membership.objects.create(
        local_government=rabat, status=Membership.Status.MEMBER, joined_on=datetime.date(2019, 5, 1)
    )
    factories.CommitmentFactory(local_government=rabat, version=principles)
    rabat.priorities.add(
        StrategicPriority.objects.create(
            number=1,
            code="prevention",
            title_en="Prevention of extremism, hate and polarisation",
            title_ar="الوقاية من التطرف والكراهية والاستقطاب",
        )
    )
    official = factories.make_official(
        rabat, email="focal.point@rabat.example.org", full_name="Amina Alaoui"
    )

    draft = factories.LocalGovernmentFactory(
        name_en="Chefchaouen",
        name_ar="شفشاون",
        country="MA",
        subdivision="MA-01",
        region=mena,
        population=42786,
    )
    Membership.objects.create(
        local_government=draft,
        status=Membership.Status.APPLICANT,
        application_step=ApplicationStep.COMMITMENT,
        applied_by=official,
    )
    factories.OfficialFactory(person=official.person, local_government=draft)
    save_city_contact(
        local_government=draft,
        role="mayor",
        full_name="Mohamed Sefiani",
        email="mayor@chefchaouen.example.org",
        title="President of the commune",
        actor=official,
    )
    factories.CommitmentFactory(local_government=draft, version=principles)

    # The ISC: Rabat's mayor sits on it; last winter's minutes are public, this spring's
    # are circulated for review (the mayor commented on one item, staff answered).
    isc_member = factories.make_isc_member(
        rabat, email="mayor@rabat.example.org", full_name="Fatima Zahra Mansouri"
    )
    staff = factories.make_mu_staff(email="secretariat@management-unit.example.org")
    published = isc_minutes(WINTER_MEETING, days_ago=90, actor=staff)
    minutes_services.approve_minutes(
        minutes=published, how=Minutes.ApprovedBy.CO_CHAIRS, actor=staff
    )
    minutes_services.publish_minutes(minutes=published, actor=staff)
    circulated = isc_minutes(SPRING_MEETING, days_ago=10, actor=staff)
    comment = minutes_services.comment_on_minutes(
        minutes=circulated,
        agenda_item=circulated.meeting.agenda_items.get(order=2),
        author=isc_member,
        text="Please name the youth council that presented the plan.",
    )
    minutes_services.resolve_comment(
        comment=comment,
        resolution=MinutesComment.Resolution.CHANGED,
        answer="Named in the minutes of item 2.",
        actor=staff,
    )
    return SimpleNamespace(
        rabat=rabat,
        draft=draft,
        official=official,
        principles=principles,
        isc_member=isc_member,
        published_minutes=published,
        circulated_minutes=circulated,
    )


# ISC meetings and their minutes: a title and agenda items (title and minutes text) in
# English and Arabic, so the minutes are available in both.
WINTER_MEETING = {
    "title_en": "Winter meeting of the ISC",
    "title_ar": "الاجتماع الشتوي للجنة التوجيهية الدولية",
    "items": [
        {
            "title_en": "Welcome and adoption of the agenda",
            "title_ar": "الترحيب واعتماد جدول الأعمال",
            "text_en": "The co-chairs welcomed the members; the agenda was adopted.",
            "text_ar": "رحب الرئيسان المشاركان بالأعضاء واعتمد جدول الأعمال.",
        },
        {
            "title_en": "Regional hubs",
            "title_ar": "المراكز الإقليمية",
            "text_en": "The committee heard the reports of the regional hubs.",
            "text_ar": "استمعت اللجنة إلى تقارير المراكز الإقليمية.",
        },
    ],
}
SPRING_MEETING = {
    "title_en": "Spring meeting of the ISC",
    "title_ar": "اجتماع الربيع للجنة التوجيهية الدولية",
    "items": [
        {
            "title_en": "Welcome and adoption of the agenda",
            "title_ar": "الترحيب واعتماد جدول الأعمال",
            "text_en": "The co-chairs opened the meeting; the agenda was adopted.",
            "text_ar": "افتتح الرئيسان المشاركان الاجتماع واعتمد جدول الأعمال.",
        },
        {
            "title_en": "Youth engagement action plan",
            "title_ar": "خطة عمل إشراك الشباب",
            "text_en": "The committee discussed the youth engagement action plan.",
            "text_ar": "ناقشت اللجنة خطة العمل لإشراك الشباب.",
        },
    ],
}


def isc_minutes(meeting: dict, *, days_ago: int, actor) -> Minutes:
    """A past ISC meeting with its agenda, and its minutes written in English and Arabic
    and circulated for review for a week — the way staff do it, through the services."""
    held = timezone.now().replace(minute=0, second=0, microsecond=0)
    held -= datetime.timedelta(days=days_ago)
    held = factories.MeetingFactory(
        title_en=meeting["title_en"], title_ar=meeting["title_ar"], starts_at=held
    )
    for order, item in enumerate(meeting["items"], start=1):
        factories.AgendaItemFactory(
            meeting=held, order=order, title_en=item["title_en"], title_ar=item["title_ar"]
        )
    minutes = minutes_services.start_minutes(meeting=held, actor=actor)
    for written in minutes.items.select_related("agenda_item"):
        texts = meeting["items"][written.agenda_item.order - 1]
        minutes_services.write_minutes_item(
            item=written,
            texts={language: texts[f"text_{language}"] for language in ("en", "ar")},
            actor=actor,
        )
    return minutes_services.circulate_minutes(
        minutes=minutes, deadline=timezone.now() + datetime.timedelta(days=7), actor=actor
    )


# The key pages of the portal: name -> (URL name, URL arguments, who is signed in: nobody
# (False), the official (True) or the person ``portal_world`` names). A ``code`` argument
# names the object of ``portal_world`` whose code goes in the address.
KEY_PAGES = {
    "home": ("web:home", {}, False),
    "sign-in": ("account_login", {}, False),
    "directory": ("members:directory", {}, False),
    "city-profile": ("members:city", {"code": "rabat"}, False),
    "dashboard": ("web:dashboard", {}, True),
    "city-page": ("members:city_portal", {"code": "rabat"}, True),
    "apply-start": ("members:application_start", {}, True),
    "apply-details": ("members:application_details", {"code": "draft"}, True),
    "apply-contacts": ("members:application_contacts", {"code": "draft"}, True),
    "apply-principle": ("members:application_principle", {"code": "draft", "number": 1}, True),
    "apply-signatory": ("members:application_signatory", {"code": "draft"}, True),
    "apply-review": ("members:application_review", {"code": "draft"}, True),
    # The ISC's published minutes, public; and circulated minutes as an ISC member reviews
    # them (the review status, an answered comment, a comment form under each item).
    "isc-minutes": ("governance:minutes_detail", {"code": "published_minutes"}, False),
    "isc-minutes-review": (
        "governance:minutes_detail",
        {"code": "circulated_minutes"},
        "isc_member",
    ),
}


def open_key_page(page, live_server, world, key: str, language: str):
    """Open one of ``KEY_PAGES`` (signing its person in by cookie first if needed)."""
    name, arguments, signed_in = KEY_PAGES[key]
    if signed_in and not any(
        c["name"] == settings.SESSION_COOKIE_NAME for c in page.context.cookies()
    ):
        person = "official" if signed_in is True else signed_in
        sign_in_directly(page, live_server, getattr(world, person))
    kwargs = {k: (getattr(world, v).code if k == "code" else v) for k, v in arguments.items()}
    response = page.goto(url_of(live_server, name, language, **kwargs))
    assert response is not None and response.status == 200, (key, language, response)
    expect(page.locator("html")).to_have_attribute("lang", language)
    return response
