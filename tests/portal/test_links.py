"""portal.links.absolute(): the one builder of full addresses (letters, e-mails, SMS, PDFs); websocket paths by name."""

from messaging.routing import socket_path
from portal import urls
from portal.links import absolute


def test_absolute_joins_the_public_host_and_the_reversed_path(settings):
    settings.PORTAL_BASE_URL = "https://portail.example/"
    assert absolute("casework:case_detail", 12) == "https://portail.example/partenaires/dossiers/12/"
    assert absolute("appointments:feed", "abc") == "https://portail.example/agenda/abc.ics"
    assert absolute("portal:invitation_redeem_code", "K7", query="pro=1") == (
        "https://portail.example/comptes/invitation/K7/?pro=1"
    )


def test_portal_urls_exposes_the_same_function():
    assert urls.absolute is absolute


def test_the_websocket_path_comes_from_its_route_name():
    assert socket_path("conversation_socket", 5) == "/ws/messages/5/"
