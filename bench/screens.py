"""Screenshots of the main pages, per demo role, at a fixed demo date: docs/screens/<role>-<page>.png.

    .venv/bin/python bench/screens.py [--port 8220] [--only association,menage]

A throw-away SQLite database in a temporary directory, the demo loaded (`manage.py load_demo`) and the portal
served (`manage.py runserver --noreload`, daphne's ASGI server as in `make run`) with the clock moved to DEMO_DATE
by time-machine: every process of the run (load_demo, the server, demo_otp) shares one shifted clock, so dates
on the screenshots and the TOTP codes agree. Playwright drives Debian's Chromium (/usr/bin/chromium): staff pages
at 1366 px, the household's pages and the public directory (a visitor, not signed in) at 390 px, full page,
device scale 1.

Exits non-zero, naming the page, on a 4xx or 5xx answer, on landing on the login page (or, for the booking page, on
any other page), or when the page's expected heading (h1) or expected content is missing.
"""

import argparse
import datetime
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "docs" / "screens"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "demo-prevenir-2026"
# The fixed demo date: a Tuesday morning in Orléans.
DEMO_DATE = datetime.datetime(2026, 11, 17, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
PORTS = range(8220, 8230)
STAFF_WIDTH = 1366
HOUSEHOLD_WIDTH = 390
LOGIN_PATH = "/comptes/login/"
OTP_PATH = "/comptes/2fa/"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    heading: str  # pattern (re.search) one h1 of the page must match; NAME for a page titled by the household's name
    # When set: open `path`, then follow its first link whose address matches this pattern (a tuple: one pattern
    # per page on the way, each followed in turn).
    link: str | tuple = ""
    expect: str = ""  # when set: a CSS selector the page must show (the booking page's free slots)
    stay: bool = False  # the page must not redirect elsewhere (the booking page must not lead to an appointment)


@dataclass(frozen=True)
class Role:
    name: str
    login: str  # an e-mail, or a household's mobile number (password sign-in accepts both); "" for a visitor
    width: int
    pages: tuple


# A household's name (the h1 of a case page): a capital, then letters, spaces, hyphens, apostrophes or digits.
NAME = r"^[A-ZÀ-Ý][\w' -]+$"
EVALUATION = Page("evaluation", "/partenaires/evaluation/", "^Évaluation des programmes$")

ROLES = (
    Role(
        "association",
        "travailleur@demo.example",
        STAFF_WIDTH,
        (
            Page("dossiers", "/partenaires/dossiers/", "^Dossiers de l'association$"),
            Page("dossier", "/partenaires/dossiers/", NAME, link=r"^/partenaires/dossiers/\d+/$"),
            Page("agenda", "/partenaires/rendez-vous/", "^Agenda$"),
            Page(
                "conversation",
                "/partenaires/messages/",
                "^Conversation avec le ménage",
                link=r"^/partenaires/dossiers/\d+/messages/$",
            ),
            EVALUATION,
        ),
    ),
    Role(
        "bailleur",
        "bailleur@demo.example",
        STAFF_WIDTH,
        (
            Page("tableau-de-bord", "/partenaires/bailleur/", "^Vos signalements$"),
            Page("signalement", "/partenaires/bailleur/signaler/", "^Signaler un ménage"),
            Page("dossier", "/partenaires/bailleur/?statut=tous", NAME, link=r"^/partenaires/bailleur/dossiers/\d+/$"),
        ),
    ),
    Role(
        "partenaire",
        "conseillere@demo.example",
        STAFF_WIDTH,
        (Page("relais", "/partenaires/relais/", "^Passages de relais"),),
    ),
    Role(
        "financeur",
        "financeur@demo.example",
        STAFF_WIDTH,
        (EVALUATION, Page("comparaison", "/partenaires/evaluation/comparaison/", "^Les programmes côte à côte$")),
    ),
    Role("redactrice", "redactrice@demo.example", STAFF_WIDTH, (Page("wagtail", "/admin/", "^Prévenir l'impayé$"),)),
    # Issue 23's pages. The platform administrator: programmes set up without code.
    Role(
        "administration",
        "admin@demo.example",
        STAFF_WIDTH,
        (
            Page("programmes", "/partenaires/administration/", "^Administration des programmes$"),
            Page("nouveau-programme", "/partenaires/administration/programmes/nouveau/", "^Créer un programme$"),
            Page(
                "programme",
                "/partenaires/administration/",
                "^Prévenir l'impayé — ",
                link=r"^/partenaires/administration/programmes/\d+/$",
            ),
        ),
    ),
    # The Orléans coordinator: the directory, the communes to check, the meetings, the 6-month adjustments.
    Role(
        "coordination",
        "coordinatrice@demo.example",
        STAFF_WIDTH,
        (
            Page("annuaire", "/partenaires/annuaire/", "^Annuaire des services partenaires$"),
            Page("communes-a-preciser", "/partenaires/communes-a-preciser/", "^Communes à préciser$"),
            Page("reunions", "/partenaires/reunions/", "^Réunions de programme$"),
            Page("reunion", "/partenaires/reunions/", "^Réunion du ", link=r"^/partenaires/reunions/\d+/$"),
            Page("planifier-reunion", "/partenaires/reunions/planifier/", "^Planifier une réunion de programme$"),
            Page(
                "reajustements",
                "/partenaires/evaluation/",
                "^Décisions de réajustement$",
                link=(r"^/partenaires/evaluation/\d+/$", r"^/partenaires/evaluation/\d+/reajustements/$"),
            ),
        ),
    ),
    # The Montargis coordinator: a programme whose parameters changed once, agreed, and whose intake is full.
    Role(
        "coordination-montargis",
        "association2@demo.example",
        STAFF_WIDTH,
        (
            Page(
                "parametres",
                "/partenaires/",
                "^Paramètres du programme$",
                link=r"^/partenaires/programmes/\d+/parametres/$",
            ),
            Page(
                "liste-d-attente",
                "/partenaires/dossiers/",
                "^Liste d'attente$",
                link=r"^/partenaires/programmes/\d+/liste-d-attente/$",
            ),
        ),
    ),
    # The public directory: published entries only, for a visitor on a phone.
    Role("visiteur", "", HOUSEHOLD_WIDTH, (Page("annuaire", "/annuaire/", "^Les services qui peuvent vous aider$"),)),
    Role(
        "menage",
        "menage@demo.example",
        HOUSEHOLD_WIDTH,
        (
            Page("accueil", "/espace/", "^Bonjour "),
            Page("rendez-vous", "/espace/rendez-vous/", "^Entretien de suivi$", link=r"^/espace/rendez-vous/\d+/$"),
            Page("messages", "/espace/messages/", "^Mes messages avec l'association$"),
            Page("compte-rendu", "/espace/", "^Bilan du ", link=r"^/espace/bilans/\d+/$"),
            Page("mes-donnees", "/espace/mes-donnees/", "^Vos données$"),
        ),
    ),
    # The booking page with its free slots: a household with no appointment to come (Aïcha Diallo, signed in by
    # her number). The household above has one, and its booking address rightly leads to it instead.
    Role(
        "menage",
        "06 00 00 00 01",
        HOUSEHOLD_WIDTH,
        (
            Page(
                "prendre-rendez-vous",
                "/espace/rendez-vous/prendre/",
                "^Prendre rendez-vous",
                expect="input[name=slot]",
                stay=True,
            ),
        ),
    ),
)


class ScreenFailure(Exception):
    pass


# --- the shifted clock, shared by every process of the run ------------------------------------------------------


def run_with_clock(args):
    """`bench/screens.py --manage ARGS`: run manage.py at DEMO_DATE + the time elapsed since the run's anchor."""
    import time_machine  # only in this subprocess: the parent process keeps the real clock
    from django.core.management import execute_from_command_line

    anchor = float(os.environ["SCREENS_CLOCK_ANCHOR"])
    time_machine.travel(DEMO_DATE + datetime.timedelta(seconds=time.time() - anchor), tick=True).start()
    sys.path.insert(0, str(ROOT))
    execute_from_command_line(["manage.py", *args])


def clock_anchor(var_dir):
    """The real time the run's clock starts at DEMO_DATE; kept with the database, which stores times (TOTP's last use)."""
    path = Path(var_dir) / "clock-anchor"
    if not path.exists():
        path.write_text(str(time.time()))
    return path.read_text()


def environment(var_dir, base_url):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORTAL_VAR_DIR=str(var_dir),
        PORTAL_BASE_URL=base_url,
        SCREENS_CLOCK_ANCHOR=clock_anchor(var_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage_command(*args):
    return [sys.executable, str(Path(__file__).resolve()), "--manage", *args]


def manage(env, *args):
    result = subprocess.run(manage_command(*args), cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise ScreenFailure(f"manage.py {' '.join(args)} a échoué :\n{result.stderr[-2000:]}")
    return result.stdout


# --- the server ---------------------------------------------------------------------------------------------------


def free_port(preferred=None):
    for port in [preferred] if preferred else PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ScreenFailure(f"Aucun port libre parmi {PORTS.start}–{PORTS.stop - 1}.")


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ScreenFailure("Le serveur s'est arrêté au démarrage.")
        try:
            with urllib.request.urlopen(f"{url}/sante/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise ScreenFailure(f"Le serveur ne répond pas sur {url}.")


# --- the browser --------------------------------------------------------------------------------------------------


def sign_in(page, url, role, env):
    page.goto(f"{url}{LOGIN_PATH}")
    page.fill("input[name=login]", role.login)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if page.url.split("?")[0].endswith(OTP_PATH):
        page.fill("input[name=token]", manage(env, "demo_otp", role.login).strip())
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
    if LOGIN_PATH in page.url or OTP_PATH in page.url:
        raise ScreenFailure(f"{role.name} : connexion refusée ({page.url}).")


def first_link(page, pattern, where):
    for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"):
        if re.match(pattern, href):
            return href
    raise ScreenFailure(f"{where} : aucun lien {pattern} sur la page.")


def open_page(page, url, role, spec):
    where = f"{role.name}-{spec.name}"
    response = page.goto(f"{url}{spec.path}")
    for pattern in (spec.link,) if isinstance(spec.link, str) else spec.link:
        if pattern and response is not None and response.status < 400:
            response = page.goto(f"{url}{first_link(page, pattern, where)}")
    if response is None:
        raise ScreenFailure(f"{where} : pas de réponse.")
    if response.status >= 400:
        raise ScreenFailure(f"{where} : réponse {response.status} ({page.url}).")
    if LOGIN_PATH in page.url or OTP_PATH in page.url:
        raise ScreenFailure(f"{where} : renvoyé vers la connexion ({page.url}).")
    if spec.stay and urllib.parse.urlsplit(page.url).path != urllib.parse.urlsplit(spec.path).path:
        raise ScreenFailure(f"{where} : renvoyé ailleurs ({page.url}) au lieu de {spec.path}.")
    if spec.expect and not page.locator(spec.expect).count():
        raise ScreenFailure(f"{where} : « {spec.expect} » absent de la page.")
    headings = page.locator("h1").all_inner_texts()
    if not any(re.search(spec.heading, heading) for heading in headings):
        raise ScreenFailure(f"{where} : titre « {spec.heading} » absent (h1 : {headings}).")
    return where


def screenshot_role(browser, url, role, env):
    context = browser.new_context(viewport={"width": role.width, "height": 900}, device_scale_factor=1, locale="fr-FR")
    page = context.new_page()
    try:
        if role.login:
            sign_in(page, url, role, env)
        for spec in role.pages:
            where = open_page(page, url, role, spec)
            page.screenshot(path=OUT_DIR / f"{where}.png", full_page=True, animations="disabled")
            print(f"docs/screens/{where}.png — {page.locator('h1').first.inner_text()}")
    finally:
        context.close()


def screenshot_all(url, roles, env):
    from playwright.sync_api import sync_playwright

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            for role in roles:
                screenshot_role(browser, url, role, env)
        finally:
            browser.close()


def run(port, only, kept_dir):
    roles = [role for role in ROLES if not only or role.name in only]
    with tempfile.TemporaryDirectory(prefix="screens-") as temporary_dir:
        var_dir = kept_dir or temporary_dir
        url = f"http://127.0.0.1:{port}"
        env = environment(var_dir, url)
        if not (Path(var_dir) / "portal.sqlite3").exists():
            manage(env, "migrate", "--noinput")
            manage(env, "load_demo")
        log = open(Path(var_dir) / "server.log", "wb")
        server = subprocess.Popen(
            manage_command("runserver", "--noreload", f"127.0.0.1:{port}"), cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            wait_until_up(url, server)
            screenshot_all(url, roles, env)
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()


def main():
    if sys.argv[1:2] == ["--manage"]:
        run_with_clock(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, help="port du serveur (par défaut : le premier libre de 8220 à 8229)")
    parser.add_argument("--only", default="", help="rôles séparés par des virgules (par défaut : tous)")
    parser.add_argument("--var-dir", help="garder la base ici et la réutiliser (pour mettre au point ; pas pour docs/)")
    options = parser.parse_args()
    try:
        run(free_port(options.port), {name for name in options.only.split(",") if name}, options.var_dir)
    except ScreenFailure as failure:
        print(f"make screens : ÉCHEC — {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
