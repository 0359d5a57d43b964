"""Public guidance a tenant can act on safely (issue 14): no dangerous sentence on any rendered page,
the hearing page's call to action, one confidentiality promise everywhere, review dates."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from wagtail.models import Page

from casework import visibility
from home import cache as page_cache
from home.models import AidPage, GuidePage, SiteSettings, StandardPage, review_state
from portal.enums import OrganisationKind
from portal.models import Organisation
from tests.home.test_dangerous_sentences import fold, visible_text
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def promise_items(html):
    """The list items of every rendering of the promise in a page, as lists of texts."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        [" ".join(li.get_text(" ").split()) for li in element.find_all("li")]
        for element in soup.select("[data-visibility-promise]")
    ]


EXPECTED_ITEMS = [
    " ".join(item.split()) for item in (*visibility.LANDLORD_RECEIVES, *visibility.LANDLORD_NEVER_RECEIVES)
]


def test_safe_instructions_on_the_pages_that_need_them(loaded, client):
    def page_text(path):
        return fold(visible_text(client.get(path).content.decode()))

    assert "agissez dans les 6 semaines" in page_text("/guides/commandement-de-payer/")
    assert "agissez dans les 6 semaines" in page_text("/guides/questions-frequentes/")
    over_indebtedness = page_text("/aides/surendettement/")
    assert "continuez a payer votre loyer" in over_indebtedness and "personne seule" in over_indebtedness
    action_logement = page_text("/aides/action-logement/")
    assert "visale n'aide pas un locataire qui a deja une dette" in action_logement
    assert "2 mois apres l'entree" in action_logement
    legal_aid = page_text("/aides/aide-juridictionnelle/")
    for words in ("bareme 2025", "2 personnes", "3 personnes", "15 177", "plus eleves avec des enfants"):
        assert words in legal_aid, words
    assert (
        "justice.fr/simulateurs/aide-juridictionnelle" in client.get("/aides/aide-juridictionnelle/").content.decode()
    )
    page = AidPage.objects.get(slug="aide-juridictionnelle")
    assert page.review_due_on <= datetime.date(2027, 1, 31)


def test_pages_whose_rules_change_in_2027_are_reviewed_before(loaded):
    for slug in ("apl-et-caf", "plan-d-apurement"):
        page = Page.objects.get(slug=slug).specific
        assert page.review_due_on < datetime.date(2027, 1, 1), slug


def test_review_note_stays_in_the_admin(loaded, client):
    page = GuidePage.objects.get(slug="audience")
    assert page.review_note
    html = client.get(page.url).content.decode()
    assert fold(page.review_note[:40]) not in fold(html)


def test_one_promise_in_every_place(loaded, client, case_with_letter):
    places = {
        "home": "/",
        "invitation": "/comptes/invitation/",
        "faq": "/guides/questions-frequentes/",
        "association": "/guides/l-association/",
        "privacy": "/confidentialite/",
        "letter page": "/guides/pourquoi-ce-courrier/",
    }
    for name, path in places.items():
        renderings = promise_items(client.get(path).content.decode())
        # The footer's folded copy and the page's own: both the same list.
        assert len(renderings) >= 2, name
        for items in renderings:
            assert items == EXPECTED_ITEMS, name
    footer_only = promise_items(client.get("/mentions-legales/").content.decode())
    assert footer_only == [EXPECTED_ITEMS]
    assert promise_items(render_to_string("casework/pdf/letter.html", case_with_letter)) == [EXPECTED_ITEMS]


@pytest.fixture
def case_with_letter(association, landlord):
    from casework import services
    from tests.casework.factories import CaseFactory, ProgrammeFactory

    case = CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord))
    invitation = services.issue_letter_code(case)
    return {
        "case": case,
        "programme": case.programme,
        "landlord": landlord,
        "association": association,
        "tenancy": case.referral.tenancy,
        "invitation": invitation,
        "today": datetime.date(2026, 11, 30),
        "qr": "",
        "redeem_url": "https://portail.example/comptes/invitation/",
    }


# --- Review dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "due", "valid"),
    [
        (datetime.date(2026, 11, 20), datetime.date(2026, 11, 21), True),
        (datetime.date(2026, 11, 20), datetime.date(2026, 11, 20), False),
        (datetime.date(2026, 11, 20), datetime.date(2026, 11, 19), False),
        (None, datetime.date(2026, 11, 19), True),
    ],
)
def test_next_review_comes_after_the_last(last, due, valid):
    for page in (GuidePage(title="G", slug="g"), StandardPage(title="S", slug="s")):
        page.last_reviewed_on, page.review_due_on = last, due
        if valid:
            page.clean()
        else:
            with pytest.raises(ValidationError) as error:
                page.clean()
            assert "review_due_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("days_late", "state"), [(-1, "ok"), (0, "ok"), (1, "overdue"), (30, "overdue"), (31, "pending")]
)
def test_review_state_boundaries(days_late, state):
    today = datetime.date(2026, 11, 30)
    assert review_state(today - datetime.timedelta(days=days_late), today) == state


def test_reader_sees_pending_verification_past_30_days(loaded, client, time_machine):
    page = GuidePage.objects.get(slug="treve-hivernale")
    time_machine.move_to(datetime.datetime.combine(page.review_due_on + datetime.timedelta(days=30), datetime.time(12)))
    assert "en cours de vérification" not in client.get(page.url).content.decode()
    # A cached copy lives PAGE_CACHE_SECONDS at most; the test looks at the next rendering.
    page_cache.invalidate()
    time_machine.move_to(datetime.datetime.combine(page.review_due_on + datetime.timedelta(days=31), datetime.time(12)))
    assert "Informations en cours de vérification" in client.get(page.url).content.decode()


# --- Legal notice ----------------------------------------------------------------------------------------------


def test_legal_notice_publishes_publisher_director_and_host(loaded, client):
    settings = SiteSettings.objects.get()
    settings.host_name, settings.host_address, settings.host_phone = (
        "Hébergeur Exemple SAS",
        "2 rue du Port, 59100 Roubaix",
        "03 20 00 11 22",
    )
    settings.save()
    text = visible_text(client.get("/mentions-legales/").content.decode())
    for words in (
        "Directeur ou directrice de la publication",
        "Hébergeur Exemple SAS",
        "2 rue du Port",
        "03 20 00 11 22",
    ):
        assert words in text


def test_demo_contacts_are_flagged_for_editors(loaded, verified_client):
    settings = SiteSettings.objects.get()
    assert "hébergeur" in settings.demo_contacts()
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = verified_client(editor)
    dashboard = admin.get("/admin/").content.decode()
    assert "Coordonnées de démonstration" in dashboard and "annuaire : Service ASLL du Loiret" in dashboard
    for name, value in {
        "publisher_phone": "02 38 54 00 00",
        "publisher_email": "contact@aml-orleans.fr",
        "host_name": "Hébergeur SAS",
        "host_address": "1 rue du Centre, 75001 Paris",
        "host_phone": "01 23 45 67 89",
    }.items():
        setattr(settings, name, value)
    settings.save()
    assert settings.demo_contacts() == []
    Organisation.objects.filter(kind=OrganisationKind.PARTNER).update(phone="02 38 54 12 34", email="")
    assert "Coordonnées de démonstration" not in admin.get("/admin/").content.decode()
