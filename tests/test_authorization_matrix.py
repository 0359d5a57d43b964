"""The authorisation matrix (docs/rules.md § 4): every URL the resolver knows, for every role, with own and
foreign objects; every 200 answer (HTML, PDF text, CSV, JSON) is searched for planted confidential markers.

Rules live with their app in tests/<app>/authz.py (see tests/authorization.py); platform and third-party URLs
are covered by BASE_RULES below, which an app's rule of the same name replaces. A URL without a rule fails.
"""

import importlib
import io
import pkgutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

import tests
from portal.enums import OrganisationKind, Role
from tests.authorization import SIDES, Rule, World, allow
from tests.conftest import verify_client
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.security import authz as security_authz

STAFF = [
    "worker",
    "coordinator",
    "landlord_referent",
    "partner_contact",
    "funder",
    "editor",
    "other_landlord",
    "other_association",
    "administrator",
]
HOUSEHOLDS = ["household_confirmed", "household_unconfirmed"]
SIGNED_IN = STAFF + HOUSEHOLDS
EVERYONE = ["anonymous", *SIGNED_IN]
PARTNER_AREA = [r for r in STAFF if r != "editor"]

# Platform and third-party URLs. Each app may replace one by a rule of the same name in its authz module.
BASE_RULES = [
    Rule("health", ok=allow(*EVERYONE), anonymous=200),
    Rule("sitemap", ok=allow(*EVERYONE), anonymous=200),
    Rule("route:admin/login/", sample="/admin/login/", ok=allow(*SIGNED_IN, status=302), anonymous=302, family=True),
    Rule("route:django-admin/login/", sample="/django-admin/login/", ok=allow(*SIGNED_IN, status=302), family=True),
    Rule("wagtailcore_login", ok=allow(*SIGNED_IN, status=302)),
    Rule("portal:after_login", ok=allow(*SIGNED_IN, status=302)),
    # A signed-in person does not redeem a code: households are sent home, professionals refused.
    Rule(
        "portal:invitation_redeem",
        anonymous=200,
        overrides={**allow(*STAFF, status=403), **allow(*HOUSEHOLDS, status=302)},
    ),
    Rule(
        "portal:invitation_redeem_code",
        args=lambda w, s: {"code": "ABCDEFGHJKMN"},
        anonymous=200,
        overrides={**allow(*STAFF, status=403), **allow(*HOUSEHOLDS, status=302)},
    ),
    # Second factor pages: the matrix's staff are already verified; households have no second factor to manage.
    Rule("portal:otp_verify", ok=allow(*STAFF), denied=302),
    Rule("portal:otp_setup", ok=allow(*HOUSEHOLDS), denied=302),
    Rule("portal:otp_backup_codes", denied=302),
    Rule("portal:otp_disable", denied=302),
    # Confirming a sensitive change by code: professionals (verified, with a device); without a device, allauth's.
    Rule("portal:reauthenticate", ok=allow(*STAFF), denied=302),
    Rule("portal:account_settings", ok=allow(*SIGNED_IN)),
    # A new password without the old one: households just signed in by a code; others go to allauth's page.
    Rule("portal:set_password_after_code", ok=allow(*HOUSEHOLDS, status=302)),
    Rule(
        "portal:save_draft",
        args=lambda w, s: {"key": "cle"},
        ok=allow(*SIGNED_IN, status=405),
        foreign_ok=allow(*SIGNED_IN, status=405),
    ),
    Rule("portal:household_home", ok=allow(*HOUSEHOLDS)),
    Rule("portal:household_welcome", ok=allow(*HOUSEHOLDS)),
    Rule("portal:partner_home", ok=allow(*PARTNER_AREA)),
    Rule(
        "portal:members",
        args=lambda w, s: {"organisation_id": w.orgs["association" if s == "own" else "other_association"].pk},
        # The platform administrator manages every organisation's members (issue 23).
        ok=allow("coordinator", "administrator"),
        foreign_ok=allow("other_association", "administrator"),
    ),
    Rule(
        "portal:end_membership",
        args=lambda w, s: {
            "organisation_id": w.orgs["association" if s == "own" else "other_association"].pk,
            "membership_id": w.users["worker" if s == "own" else "other_association"].memberships.first().pk,
        },
        # require_POST answers before the scope check (platform view): 405 for anyone in the partner area.
        ok=allow(*PARTNER_AREA, status=405),
        foreign_ok=allow(*PARTNER_AREA, status=405),
    ),
    Rule(
        "portal:reset_second_factor",
        args=lambda w, s: {
            "organisation_id": w.orgs["association" if s == "own" else "other_association"].pk,
            "membership_id": w.users["worker" if s == "own" else "other_association"].memberships.first().pk,
        },
        # POST only (as end_membership); the POST's scope is tested in tests/security/test_security_events.py.
        ok=allow(*PARTNER_AREA, status=405),
        foreign_ok=allow(*PARTNER_AREA, status=405),
    ),
    # Login by a code (« Recevoir un code »): open to anyone; allauth refuses a code to staff in the form.
    Rule("account_request_login_code", ok=allow(*SIGNED_IN), anonymous=200),
    # Typing the code without having asked for one: back to the login page, for everyone.
    Rule("account_confirm_login_code", ok=allow(*SIGNED_IN, status=302), denied=302, anonymous=302),
    # The mobile number: the form for households; saving it needs a recent re-authentication (then a code by SMS
    # to the new number). Staff are sent to re-authenticate by their second factor first (302).
    Rule("account_change_phone", ok=allow(*HOUSEHOLDS), denied=302),
    Rule("account_verify_phone", ok=allow(*SIGNED_IN, status=302), denied=302),
    Rule("account_", family=True, sample="/comptes/login/", ok=allow(*SIGNED_IN), anonymous=200),
    # The SMS provider's webhooks: POST only, signed (no signature, a wrong one, a replay and another programme's
    # number are in tests/portal/test_sms_twilio.py); a GET is refused for everyone before anything else.
    Rule("sms_status", ok=allow(*SIGNED_IN, status=405), denied=405, anonymous=405),
    Rule("sms_inbound", ok=allow(*SIGNED_IN, status=405), denied=405, anonymous=405),
    # The letter's short link: a redirect to the invitation page, for anyone.
    Rule(
        "short_invitation",
        args=lambda w, s: {"code": "ABCDEFGHJKMN"},
        ok=allow(*SIGNED_IN, status=302),
        denied=302,
        anonymous=302,
        foreign=302,
    ),
    Rule("usersessions_", family=True, sample="/comptes/sessions/", ok=allow(*SIGNED_IN)),
    # The platform administrator is a superuser: both admins (neither holds a case: docs/rules.md § 9).
    Rule("route:admin/", family=True, sample="/admin/", ok=allow("editor", "administrator"), denied=302),
    Rule("route:django-admin/", family=True, sample="/django-admin/", ok=allow("administrator"), denied=302),
    Rule(
        "wagtaildocs_serve",
        family=True,
        sample="/documents/999999/x.pdf",
        ok=allow(*SIGNED_IN, status=404),
        anonymous=404,
    ),
    Rule(
        "wagtailimages_serve",  # a bad signature is refused (403) before any lookup
        family=True,
        sample="/images/x/999999/x/",
        ok=allow(*SIGNED_IN, status=403),
        anonymous=403,
    ),
    Rule("wagtail_serve", family=True, sample="/", ok=allow(*SIGNED_IN), anonymous=200),
    Rule(
        "wagtailcore_authenticate_with_password",
        args=lambda w, s: {"page_view_restriction_id": 999999, "page_id": 999999},
        ok=allow(*SIGNED_IN, status=404),
        anonymous=404,
        foreign_ok=allow(*SIGNED_IN, status=404),
        foreign=404,
    ),
    # Rules for URLs without objects of their own; the apps' object URLs are in tests/<app>/authz.py.
    Rule("messaging:household_index", ok=allow(*HOUSEHOLDS, status=302)),
    Rule("messaging:partner_index", ok=allow(*PARTNER_AREA)),
    Rule(
        "messaging:partner_case_conversation",
        args=lambda w, s: {"case_id": w.objects[s]["case"].pk},
        ok=allow("worker", "coordinator", status=302),
        foreign_ok=allow("other_association", status=302),
    ),
    Rule(
        "messaging:partner_case_coordination",
        args=lambda w, s: {"case_id": w.objects[s]["case"].pk},
        ok=allow("worker", "coordinator", "landlord_referent", status=302),
        foreign_ok=allow("other_association", "other_landlord", status=302),
    ),
    Rule("home:search", ok=allow(*SIGNED_IN), anonymous=200),
    Rule("home:feedback", ok=allow(*SIGNED_IN, status=405), anonymous=405),
    Rule("home:contact_submit", ok=allow(*SIGNED_IN, status=405), anonymous=405),
    Rule("home:robots_txt", ok=allow(*SIGNED_IN), anonymous=200),
    Rule("home:site_map", ok=allow(*SIGNED_IN), anonymous=200),
    Rule("home:contact_requests", ok=allow("worker", "coordinator", "other_association")),
    Rule("home:contact_request_handled", args=lambda w, s: {"pk": 999_999}, overrides=allow(*SIGNED_IN, status=405)),
    # Evaluation's rows are in tests/evaluation/authz.py.
    *[
        Rule(name, args=lambda w, s: {"pk": 999_999})
        for name in (
            "appointments:household_detail",
            "appointments:household_move",
            "appointments:household_cancel",
            "appointments:household_decline",
            "appointments:staff_detail",
            "appointments:staff_move",
            "appointments:staff_cancel",
        )
    ],
    Rule("appointments:household_list", ok=allow(*HOUSEHOLDS)),
    Rule("appointments:household_book", ok=allow(*HOUSEHOLDS)),
    Rule(
        "appointments:household_accept",
        args=lambda w, s: {"pk": 999_999},
        ok=allow(*HOUSEHOLDS, status=405),
        foreign_ok=allow(*HOUSEHOLDS, status=405),
    ),
    Rule(
        "appointments:staff_mark",
        args=lambda w, s: {"pk": 999_999},
        ok=allow(*PARTNER_AREA, status=405),
        foreign_ok=allow(*PARTNER_AREA, status=405),
    ),
    Rule("appointments:staff_agenda", ok=allow(*PARTNER_AREA)),
    Rule("appointments:availability", ok=allow("worker", "coordinator", "other_association")),
    Rule("appointments:feed_settings", ok=allow(*PARTNER_AREA)),
    Rule(
        "appointments:staff_case",
        args=lambda w, s: {"case_id": w.objects[s]["case"].pk},
        ok=allow("worker", "coordinator"),
        foreign_ok=allow("other_association"),
    ),
    Rule(
        "appointments:staff_new",
        args=lambda w, s: {"case_id": w.objects[s]["case"].pk},
        ok=allow("worker", "coordinator"),
        foreign_ok=allow("other_association"),
    ),
    Rule(
        "appointments:feed",
        args=lambda w, s: {"token": "jeton-inconnu"},
        ok=allow(*SIGNED_IN, status=404),
        anonymous=404,
        foreign_ok=allow(*SIGNED_IN, status=404),
    ),
]


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def app_modules():
    """tests/<app>/authz.py of every app, casework first (the others' objects hang on its cases)."""
    names = sorted(
        (m.name for m in pkgutil.iter_modules([str(Path(tests.__file__).parent)]) if m.ispkg),
        key=lambda n: (n != "casework", n),
    )
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(f"tests.{name}.authz"))
        except ModuleNotFoundError as error:
            if error.name != f"tests.{name}.authz":
                raise
    return modules


def all_rules(modules):
    rules = {rule.name: rule for rule in BASE_RULES}
    seen = {}
    for module in modules:
        for rule in getattr(module, "RULES", []):
            assert rule.name not in seen, f"{rule.name} a une règle dans {seen[rule.name]} et {module.__name__}"
            seen[rule.name] = module.__name__
            rules[rule.name] = rule
    return rules


def rule_for(rules, name, route):
    if name and name in rules and not rules[name].family:
        return rules[name]
    candidates = [
        r
        for r in rules.values()
        if r.family
        and ((r.name.startswith("route:") and route.startswith(r.name[6:])) or (name and name.startswith(r.name)))
    ]
    # The most specific family wins (admin/login/ before admin/).
    return max(candidates, key=lambda r: len(r.name), default=None)


def build_world():
    world = World()
    orgs = world.orgs
    orgs["association"] = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Association A")
    orgs["landlord"] = OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur A")
    orgs["other_association"] = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Association B")
    orgs["other_landlord"] = OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur B")
    orgs["partner"] = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service partenaire P")
    orgs["other_partner"] = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service partenaire Q")
    orgs["funder"] = OrganisationFactory(kind=OrganisationKind.FUNDER, name="Financeur F")
    for role, org, membership_role in [
        ("worker", "association", Role.WORKER),
        ("coordinator", "association", Role.COORDINATOR),
        ("landlord_referent", "landlord", Role.LANDLORD_REFERENT),
        ("partner_contact", "partner", Role.PARTNER_CONTACT),
        ("funder", "funder", Role.FUNDER),
        ("other_landlord", "other_landlord", Role.LANDLORD_REFERENT),
        ("other_association", "other_association", Role.COORDINATOR),
    ]:
        world.users[role] = MembershipFactory(organisation=orgs[org], role=membership_role).user
    editor = UserFactory()
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    world.users["editor"] = editor
    # The platform administrator (issue 23): a superuser without any membership; sets programmes up, sees no case.
    world.users["administrator"] = UserFactory(platform_admin=True)
    world.users["household_confirmed"] = UserFactory(confirmed=True)
    world.users["household_unconfirmed"] = UserFactory()
    return world


def clients(world):
    result = {"anonymous": Client()}
    for role in SIGNED_IN:
        client = Client()
        if role in HOUSEHOLDS:
            client.force_login(world.users[role])
        else:
            verify_client(client, world.users[role])
        result[role] = client
    return result


def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", errors="replace")


def marker_allowed(visible, key, side, role):
    # --- Issue 13: the household-opened side (tests/security/authz.py) is the association's alone. ---
    if side == security_authz.SIDE:
        return security_authz.marker_allowed(key, side, role, visible)
    # --- end of issue 13's block ---
    twin = {"other_association": "worker", "other_landlord": "landlord_referent"}
    if side == "foreign":
        role = twin.get(role)
        if role is None:
            return False
    return role in visible.get(key, set())


@pytest.mark.django_db
def test_authorization_matrix(settings):
    settings.PORTAL_BASE_URL = "http://testserver"
    settings.PORTAL_VIDEO_BASE_URL = "https://visio.example.org"  # a video room service: /rendez-vous/<id>/video/
    modules = app_modules()
    world = build_world()
    visible = {}
    for module in modules:
        if hasattr(module, "build"):
            module.build(world)
        visible.update(getattr(module, "MARKERS_VISIBLE_TO", {}))
    rules = all_rules(modules)
    by_role = clients(world)
    failures, checked, sampled = [], 0, set()

    def check(role, url, expected, label, rule_in_check=None):
        nonlocal checked
        response = by_role[role].get(url)
        checked += 1
        if response.status_code != expected:
            failures.append(f"{label} {url} [{role}] : {response.status_code} au lieu de {expected}")
            return
        if response.status_code == 200:
            text = body_text(response)
            for marker, (key, side) in world.markers.items():
                if (
                    marker in text
                    and not marker_allowed(visible, key, side, role)
                    and not (rule_in_check and role in rule_in_check.sees_all_markers and side == "own")
                ):
                    failures.append(f"{label} {url} [{role}] : marqueur confidentiel {key} ({side}) visible")

    for name, route in walk(get_resolver().url_patterns):
        rule = rule_for(rules, name, route)
        if rule is None:
            failures.append(f"Aucune règle d'autorisation pour {name or route}")
            continue
        if rule.family:
            if rule.name in sampled:
                continue
            sampled.add(rule.name)
            for role in EVERYONE:
                check(role, rule.sample, rule.expected(role, "own"), rule.name, rule)
            continue
        for side in SIDES if rule.args else ("own",):
            url = reverse(name, kwargs=rule.args(world, side) if rule.args else None)
            for role in EVERYONE:
                check(role, url, rule.expected(role, side), name, rule)
    for module in modules:
        for role, url, expected in getattr(module, "probes", lambda w: [])(world):
            check(role, url, expected, f"{module.__name__} (sonde)")
    # --- Issue 13: modules may probe every rule with objects of their own (the landlord against the cases the
    # household opened itself: tests/security/authz.py). ---
    for module in modules:
        for role, url, expected in getattr(module, "rule_probes", lambda w, r: [])(world, rules):
            check(role, url, expected, f"{module.__name__} (sonde par règle)")
    # --- end of issue 13's block ---
    assert checked > 500
    assert not failures, f"{len(failures)} écart(s) sur {checked} requêtes :\n" + "\n".join(failures)


# Issue 11: two more dimensions for every role — a session that passed only the password, and a session after
# logout (HTTP and websocket). Kept apart from the role rows above so other issues' rows merge independently.

PASSWORD_ONLY_REACHABLE = {"portal:otp_verify": 200, "account_logout": 200}


def every_url(world, rules):
    """Each URL once (own objects; a family's sample), with its name."""
    sampled = set()
    for name, route in walk(get_resolver().url_patterns):
        rule = rule_for(rules, name, route)
        if rule is None:
            continue
        if rule.family:
            if rule.name not in sampled:
                sampled.add(rule.name)
                yield rule.sample, rule.name, rule
            continue
        yield reverse(name, kwargs=rule.args(world, "own") if rule.args else None), name, rule


def needs_sign_in(url):
    from django.urls import resolve

    try:
        return getattr(resolve(url.split("?")[0]).func, "login_required", True)
    except Exception:  # noqa: BLE001 — an address no pattern takes: the resolver's 404, for everyone
        return False


def matrix_world():
    modules = app_modules()
    world = build_world()
    for module in modules:
        if hasattr(module, "build"):
            module.build(world)
    return world, all_rules(modules)


@pytest.mark.django_db
def test_a_password_only_session_reaches_nothing_but_the_code_page_logout_and_first_enrolment(settings):
    """Every role that needs a second factor (professionals; a household once enrolled), signed in with the
    password alone: every page that needs a signed-in user sends it to the code page, account pages included."""
    settings.PORTAL_BASE_URL = "http://testserver"
    from django_otp.plugins.otp_totp.models import TOTPDevice

    world, rules = matrix_world()
    world.users["worker_without_device"] = MembershipFactory(organisation=world.orgs["association"]).user
    for role in [*STAFF, "household_confirmed"]:
        TOTPDevice.objects.create(user=world.users[role], name="app", confirmed=True)
    failures, checked = [], 0
    for role in [*STAFF, "household_confirmed", "worker_without_device"]:
        client = Client()
        client.force_login(world.users[role])
        code_page = reverse("portal:otp_setup" if role == "worker_without_device" else "portal:otp_verify")
        for url, name, _rule in every_url(world, rules):
            if not needs_sign_in(url):
                continue  # public pages answer as they do to anyone
            response = client.get(url)
            checked += 1
            expected = PASSWORD_ONLY_REACHABLE.get(name)
            if role == "worker_without_device" and name == "portal:otp_setup":
                expected = 200  # first enrolment
            elif role == "worker_without_device" and name == "portal:otp_verify":
                expected = None  # no code to ask yet: sent to first enrolment
            if expected is not None:
                if response.status_code != expected:
                    failures.append(f"{name} {url} [{role}] : {response.status_code} au lieu de {expected}")
            elif response.status_code != 302 or not response.url.startswith(code_page):
                where = response.get("Location", "")
                failures.append(f"{name} {url} [{role}] : {response.status_code} {where} au lieu du code")
    assert checked > 500
    assert not failures, f"{len(failures)} écart(s) sur {checked} requêtes :\n" + "\n".join(failures)


@pytest.mark.django_db
def test_after_logout_a_session_cookie_opens_nothing(settings):
    """Every role signs in, logs out, then replays its old session cookie: every URL answers as to a visitor."""
    settings.PORTAL_BASE_URL = "http://testserver"
    world, rules = matrix_world()
    urls = list(every_url(world, rules))
    failures, checked = [], 0
    for role in SIGNED_IN:
        client = Client()
        verify_client(client, world.users[role])
        client.get(reverse("portal:account_settings"))
        cookie = client.cookies["sessionid"].value
        client.post(reverse("account_logout"))
        replay = Client()
        replay.cookies["sessionid"] = cookie
        for url, name, rule in urls:
            response = replay.get(url)
            checked += 1
            expected = rule.expected("anonymous", "own")
            if response.status_code != expected:
                failures.append(
                    f"{name} {url} [{role} après déconnexion] : {response.status_code} au lieu de {expected}"
                )
    assert checked > 500
    assert not failures, f"{len(failures)} écart(s) sur {checked} requêtes :\n" + "\n".join(failures)


@pytest.mark.django_db(transaction=True)
async def test_websockets_refuse_password_only_and_logged_out_sessions():
    """Every signed-in role on the conversations it may open: accepted when verified, refused with the password
    alone (where a second factor is required) and after logout, its open socket closed by the logout."""
    from channels.db import database_sync_to_async
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from messaging.enums import ConversationKind
    from tests.messaging.factories import conversation_of, household_case
    from tests.messaging.ws import communicator

    def setup():
        world = build_world()
        case = household_case(world.orgs["association"], world.orgs["landlord"], world.users["household_confirmed"])
        TOTPDevice.objects.create(user=world.users["household_confirmed"], name="app", confirmed=True)
        kinds = (ConversationKind.HOUSEHOLD, ConversationKind.COORDINATION)
        return world, [conversation_of(case, kind) for kind in kinds]

    def signed_in(user, verified):
        client = Client()
        if verified:
            verify_client(client, user)
        else:
            client.force_login(user)
        return client

    async def opens(conversation, cookie):
        comm = communicator(conversation.pk, cookie)
        accepted, _ = await comm.connect()
        if not accepted:
            await comm.disconnect()
            return None
        await comm.receive_json_from()
        return comm

    world, threads = await database_sync_to_async(setup)()
    failures, participants = [], 0
    for role in SIGNED_IN:
        user = world.users[role]
        for conversation in threads:
            client = await database_sync_to_async(signed_in)(user, True)
            cookie = client.cookies["sessionid"].value
            verified = await opens(conversation, cookie)
            if verified is None:
                continue  # not a participant: the role rows above say who is
            participants += 1
            password_only = await database_sync_to_async(signed_in)(user, False)
            refused = await opens(conversation, password_only.cookies["sessionid"].value)
            if refused is not None:
                failures.append(f"{role} {conversation.kind} : socket ouvert sans second facteur")
                await refused.disconnect()
            await database_sync_to_async(client.post)(reverse("account_logout"))
            if (await verified.receive_output(timeout=3))["type"] != "websocket.close":
                failures.append(f"{role} {conversation.kind} : socket resté ouvert après la déconnexion")
            again = await opens(conversation, cookie)
            if again is not None:
                failures.append(f"{role} {conversation.kind} : socket rouvert après la déconnexion")
                await again.disconnect()
    assert participants >= 4  # worker, coordinator, household (its thread); landlord, association (coordination)
    assert not failures, "\n".join(failures)
