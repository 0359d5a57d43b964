"""In a real browser against daphne: a household and a worker exchange messages in real time; without JavaScript
the household still sends with the plain form. Screenshots of the pages go to var/screenshots/."""

import time
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from messaging.services import post_message
from tests.axe import assert_accessible
from tests.messaging.ws import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def signed_in_page(browser, server, user, **context_options):
    context = browser.new_context(**context_options)
    context.add_cookies([{"name": "sessionid", "value": session_cookie(user), "url": server.url}])
    return context.new_page()


def test_household_and_worker_exchange_in_real_time(browser, daphne_live_server, conversation, household_user, worker):
    server = daphne_live_server
    # Stored before any page is open (Playwright's sync API runs an event loop here: no async_to_sync publish).
    post_message(conversation, worker, "Bonjour, je suis Karim, de l'association. Comment puis-je vous aider ?", "k0")
    household = signed_in_page(browser, server, household_user, viewport=MOBILE)
    staff = signed_in_page(browser, server, worker, viewport=DESKTOP)
    household.goto(f"{server.url}/espace/messages/{conversation.pk}/")
    staff.goto(f"{server.url}/partenaires/messages/{conversation.pk}/")
    expect(household.locator("#conversation")).to_have_attribute("data-live", "on")
    expect(staff.locator("#conversation")).to_have_attribute("data-live", "on")

    household.fill(
        "textarea[name=body]", "Bonjour, j'ai reçu un courrier de mon bailleur.\nJe suis disponible le soir."
    )
    household.click("button[value=send]")
    expect(staff.locator("#messages")).to_contain_text("j'ai reçu un courrier de mon bailleur")
    expect(household.locator("#message-2")).to_contain_text("Vous")
    expect(household.locator("textarea[name=body]")).to_have_value("")
    # The worker's page is open and visible: the household sees that the association read it.
    expect(household.locator("#read-status")).to_have_text("Lu par l'association.")

    staff.fill("textarea[name=body]", "Merci. Je vous appelle demain à 18 h.")
    staff.click("button[value=send]")
    expect(household.locator("#messages")).to_contain_text("Je vous appelle demain à 18 h.")
    assert household.locator("#messages > li").count() == 3
    expect(household.locator("#live-status")).to_be_hidden()

    # A message too long: a clear error next to the form, the text stays.
    household.fill("textarea[name=body]", "x" * 5001)
    household.click("button[value=send]")
    expect(household.locator("#form-error")).to_contain_text("la limite est de 5000")
    expect(household.locator("textarea[name=body]")).to_have_value("x" * 5001)
    household.fill("textarea[name=body]", "")

    assert_accessible(household)
    assert_accessible(staff)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    household.screenshot(path=SCREENSHOTS / "conversation-household-390.png", full_page=True)
    staff.screenshot(path=SCREENSHOTS / "conversation-worker-desktop.png", full_page=True)
    household.set_viewport_size(DESKTOP)
    household.screenshot(path=SCREENSHOTS / "conversation-household-desktop.png", full_page=True)
    staff.set_viewport_size(MOBILE)
    staff.screenshot(path=SCREENSHOTS / "conversation-worker-390.png", full_page=True)

    # The caseload's unread counts and the coordination thread with its notice.
    staff.set_viewport_size(DESKTOP)
    staff.goto(f"{server.url}/partenaires/messages/")
    assert_accessible(staff)
    staff.screenshot(path=SCREENSHOTS / "caseload-worker-desktop.png", full_page=True)
    staff.goto(f"{server.url}/partenaires/dossiers/{conversation.case_id}/coordination/")
    expect(staff.locator("h1")).to_contain_text("Fil de coordination")
    staff.get_by_role("button", name="Commencer le fil").click()  # opening the page created nothing
    expect(staff.locator("main")).to_contain_text("il fait partie de ses données")
    assert_accessible(staff)
    staff.set_viewport_size(MOBILE)
    staff.screenshot(path=SCREENSHOTS / "coordination-worker-390.png", full_page=True)


def test_household_sends_with_javascript_disabled(browser, daphne_live_server, conversation, household_user, worker):
    server = daphne_live_server
    staff = signed_in_page(browser, server, worker, viewport=DESKTOP)
    staff.goto(f"{server.url}/partenaires/messages/{conversation.pk}/")
    expect(staff.locator("#conversation")).to_have_attribute("data-live", "on")

    household = signed_in_page(browser, server, household_user, viewport=MOBILE, java_script_enabled=False)
    household.goto(f"{server.url}/espace/messages/")
    household.fill("textarea[name=body]", "Envoyé sans JavaScript.")
    household.click("button[value=send]")
    household.wait_for_load_state()
    expect(household.locator("#messages")).to_contain_text("Envoyé sans JavaScript.")
    expect(household.locator(".messages")).to_contain_text("Message envoyé.")
    # The worker's live page gets it without reloading.
    expect(staff.locator("#messages")).to_contain_text("Envoyé sans JavaScript.")

    household.fill("textarea[name=body]", "Je finirai plus tard")
    household.click("button[value=draft]")
    expect(household.locator("textarea[name=body]")).to_have_value("Je finirai plus tard")
    household.screenshot(path=SCREENSHOTS / "conversation-household-nojs-390.png", full_page=True)


def test_live_updates_paused_banner_when_the_socket_is_away(browser, daphne_live_server, conversation, household_user):
    server = daphne_live_server
    household = signed_in_page(browser, server, household_user, viewport=MOBILE)
    household.route("**/ws/**", lambda route: route.abort())
    household.context.route_web_socket("**/ws/**", lambda ws: ws.close())
    household.goto(f"{server.url}/espace/messages/{conversation.pk}/")
    expect(household.locator("#live-status")).to_be_visible()
    # Sending still works (over HTTP): stored and acknowledged.
    household.fill("textarea[name=body]", "Envoyé pendant la pause.")
    household.click("button[value=send]")
    expect(household.locator("#message-1")).to_contain_text("Envoyé pendant la pause.")
    household.screenshot(path=SCREENSHOTS / "conversation-household-paused-390.png", full_page=True)


def page_with_a_network_switch(browser, server, conversation, user):
    """The user's conversation page, live; its websockets reach the server while network["up"], are refused when
    not (closed with network["code"] when set, as the server closes a socket whose session ended);
    network["sockets"][-1] is the open one."""
    page = signed_in_page(browser, server, user, viewport=MOBILE)
    network = {"up": True, "sockets": [], "code": None}

    def websocket(route):
        if network["up"]:
            route.connect_to_server()
            network["sockets"].append(route)
        elif network["code"]:
            route.close(code=network["code"], reason="session terminée")
        else:
            route.close()

    page.route_web_socket("**/ws/**", websocket)
    page.goto(f"{server.url}/espace/messages/{conversation.pk}/")
    expect(page.locator("#conversation")).to_have_attribute("data-live", "on")
    return page, network


def test_a_page_that_reconnects_shows_what_came_while_its_socket_was_closed(
    browser, daphne_live_server, conversation, household_user, worker
):
    household, network = page_with_a_network_switch(browser, daphne_live_server, conversation, household_user)
    # The socket drops; the page keeps trying to reconnect (and asks over HTTP while it is away).
    network["up"] = False
    network["sockets"][-1].close()
    expect(household.locator("#conversation")).to_have_attribute("data-live", "paused")
    # Meanwhile the worker writes (seq 1, no socket to receive it) and the household sends over HTTP (seq 2).
    post_message(conversation, worker, "Écrit pendant la coupure.", "gap-1")
    household.fill("textarea[name=body]", "Envoyé sans connexion directe.")
    household.click("button[value=send]")
    expect(household.locator("#message-2")).to_contain_text("Envoyé sans connexion directe.")
    network["up"] = True
    expect(household.locator("#conversation")).to_have_attribute("data-live", "on", timeout=20_000)
    expect(household.locator("#message-1")).to_contain_text("Écrit pendant la coupure.", timeout=10_000)
    assert household.locator("#messages > li").count() == 2


def test_a_page_that_cannot_reconnect_asks_over_http_what_it_lacks(
    browser, daphne_live_server, conversation, household_user, worker
):
    """Its socket away, the page asks over HTTP 1.5–2.5 s after the close and as often until a socket opens: a peer's
    message shows within about one watch period, whatever the reconnection's backoff. Not at the close itself (a
    process that dies closes all its pages at once)."""
    household, network = page_with_a_network_switch(browser, daphne_live_server, conversation, household_user)
    asked = []
    household.on("request", lambda request: asked.append(time.monotonic()) if "after=" in request.url else None)
    network["up"] = False
    closed = time.monotonic()
    network["sockets"][-1].close()
    post_message(conversation, worker, "Écrit pendant la coupure.", "away-1")
    expect(household.locator("#message-1")).to_contain_text("Écrit pendant la coupure.", timeout=6_000)
    expect(household.locator("#conversation")).to_have_attribute("data-live", "paused")  # still no socket
    assert asked and asked[0] - closed >= 1.4
    post_message(conversation, worker, "Et encore un.", "away-2")
    expect(household.locator("#message-2")).to_contain_text("Et encore un.", timeout=6_000)
    assert len(asked) >= 2


def test_a_page_whose_asking_fails_asks_less_and_less_often(browser, daphne_live_server, conversation, household_user):
    """Server down or session ended: the page's HTTP catch-ups back off as its reconnections do (1.5–3 s after one
    failure, 1.5–6 s after two…), not every 2 s for as long as the page stays open."""
    household, network = page_with_a_network_switch(browser, daphne_live_server, conversation, household_user)
    household.evaluate("Math.random = () => 0.999")  # the longest delay of each range: 2.5, then 3, then 6 s
    household.route("**/messages.json*", lambda route: route.abort())
    asked = []
    household.on("request", lambda request: asked.append(time.monotonic()) if "after=" in request.url else None)
    network["up"] = False
    closed = time.monotonic()
    network["sockets"][-1].close()
    household.wait_for_timeout(10_000)
    # About 2.5 s after the close, then 3 s later (then 6 s later); without backoff four times in the 10 s.
    assert len(asked) == 2
    assert 2.3 <= asked[0] - closed < 3.5
    assert asked[1] - asked[0] >= 2.8


def test_a_page_whose_session_ended_stops_asking(browser, daphne_live_server, conversation, household_user):
    """A socket closed because its session ended (4001) ends the page's asking over HTTP too, even when the close
    comes while the page was asking (its socket had dropped a moment before)."""
    household, network = page_with_a_network_switch(browser, daphne_live_server, conversation, household_user)
    asked = []
    household.on("request", lambda request: asked.append(time.monotonic()) if "after=" in request.url else None)
    network.update(up=False, code=4001)  # the next socket opens and is closed at once: the session has ended
    network["sockets"][-1].close()
    household.wait_for_timeout(7_000)
    assert asked == []


# Records, in the page, when each websocket is created and when it closes (performance.now(), ms); while
# `window.networkDown` is set, sockets ask for a conversation that does not exist: refused before opening.
SOCKET_CLOCK = r"""
(() => {
  const Real = window.WebSocket;
  window.socketEvents = [];
  function Recorded(url, protocols) {
    window.socketEvents.push(["new", performance.now()]);
    const socket = new Real(window.networkDown ? url.replace(/messages\/\d+/, "messages/0") : url, protocols);
    socket.addEventListener("close", () => window.socketEvents.push(["close", performance.now()]));
    window.lastSocket = socket;
    return socket;
  }
  Object.assign(Recorded, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Recorded;
  Math.random = () => 0;  // the shortest delay of each attempt's range
})();
"""


def test_a_closed_socket_is_tried_again_within_a_second_then_with_backoff(
    browser, daphne_live_server, conversation, household_user
):
    server = daphne_live_server
    household = signed_in_page(browser, server, household_user, viewport=MOBILE)
    household.add_init_script(SOCKET_CLOCK)
    household.goto(f"{server.url}/espace/messages/{conversation.pk}/")
    expect(household.locator("#conversation")).to_have_attribute("data-live", "on")
    household.evaluate("window.networkDown = true; window.lastSocket.close()")
    for _ in range(100):  # the page's CSP forbids wait_for_function's evaluated string
        events = household.evaluate("window.socketEvents")
        if [kind for kind, _ in events].count("new") >= 4:
            break
        household.wait_for_timeout(100)
    closes = [at for kind, at in events if kind == "close"]
    opens = [at for kind, at in events if kind == "new"]
    # The first attempt 0.2 s after the close (a load balancer sends it to a live process), not 1 s or more;
    # after a refused attempt, 1 s at least (backoff between 1 and 30 s).
    assert 150 <= opens[1] - closes[0] < 600
    assert opens[2] - closes[1] >= 950
    assert opens[3] - closes[2] >= 950


def test_a_send_the_server_never_acknowledged_is_sent_again_with_the_same_key(
    browser, daphne_live_server, conversation, household_user
):
    server = daphne_live_server
    household = signed_in_page(browser, server, household_user, viewport=MOBILE)
    dropped = []

    def websocket(route):
        upstream = route.connect_to_server()

        def to_server(message):
            # The first send is lost on its way (a socket that died without closing): no ack ever comes.
            if '"send"' in message and not dropped:
                dropped.append(message)
                return
            upstream.send(message)

        route.on_message(to_server)

    household.route_web_socket("**/ws/**", websocket)
    household.goto(f"{server.url}/espace/messages/{conversation.pk}/")
    expect(household.locator("#conversation")).to_have_attribute("data-live", "on")
    household.fill("textarea[name=body]", "Perdu puis renvoyé.")
    household.click("button[value=send]")
    expect(household.locator("#message-1")).to_contain_text("Perdu puis renvoyé.", timeout=10_000)
    expect(household.locator(".message--pending")).to_have_count(0)
    assert dropped
    assert conversation.messages.count() == 1
