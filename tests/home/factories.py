"""Test data for the public site: a small page tree, contact requests, feedback."""

import json

import factory
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from casework.models import ContactRequest
from home.models import (
    AidIndexPage,
    AidPage,
    ContactPage,
    FaqPage,
    GlossaryPage,
    GlossaryTerm,
    GuideIndexPage,
    GuidePage,
    HomePage,
    PartnerDirectoryPage,
    ProcedurePage,
    ProcedureStage,
    SiteSettings,
    StandardPage,
)
from portal.enums import ContactChannel, OrganisationKind
from tests.portal.factories import OrganisationFactory


def rich(text):
    return f"<p>{text}</p>"


def stream(*blocks):
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def root_page():
    """Wagtail's root page, made again as its first migration does when a transactional test emptied the tables
    before this one (the migrations' rows are gone then)."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code="fr")
        root = Page.add_root(instance=Page(title="Root", slug="root"))
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    return root


def make_home(association=None):
    """A home page as the default site's root, with site settings naming the association."""
    home = publish(root_page(), HomePage(title="Accueil test", slug="accueil-test", intro=rich("Bonjour")))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    association = association or OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Association du site")
    settings = SiteSettings.for_site(site)
    settings.association = association
    settings.save()
    return home


def guide(parent, slug="guide", title="Un guide", body=None, **fields):
    body = body or stream(("paragraph", rich("Le plan d'apurement est un échéancier.")))
    return publish(parent, GuidePage(title=title, slug=slug, body=body, **fields))


def procedure(parent, stages=2, slug="procedure"):
    page = ProcedurePage(title="La procédure", slug=slug, intro=rich("Les étapes"))
    for index in range(stages):
        page.stages.add(
            ProcedureStage(title=f"Étape {index}", what_happens=rich("Il se passe ceci."), legal_delay="2 mois")
        )
    return publish(parent, page)


def aid(parent, slug="aide", title="Une aide"):
    return publish(
        parent,
        AidPage(
            title=title,
            slug=slug,
            who_for=rich("Pour vous"),
            what_it_gives=rich("De l'aide"),
            how_to_ask=rich("Demandez"),
        ),
    )


def site_tree(children=1):
    """One page of each type; `children` guides and aids under their index pages."""
    home = make_home()
    guides = publish(home, GuideIndexPage(title="Guides", slug="guides"))
    for index in range(children):
        guide(guides, slug=f"guide-{index}", title=f"Guide {index}")
    aids = publish(home, AidIndexPage(title="Aides", slug="aides"))
    for index in range(children):
        aid(aids, slug=f"aide-{index}", title=f"Aide {index}")
    pages = {
        "home": home,
        "guide_index": guides,
        "guide": guides.get_children().first().specific,
        "procedure": procedure(guides, stages=children + 1),
        "aid_index": aids,
        "aid": aids.get_children().first().specific,
        "faq": publish(
            home, FaqPage(title="FAQ", slug="faq", body=stream(("faq", {"question": "Q ?", "answer": rich("R.")})))
        ),
        "contact": publish(home, ContactPage(title="Contact", slug="contact")),
        "standard": publish(
            home,
            StandardPage(title="Mentions légales", slug="mentions-legales", body=stream(("paragraph", rich("Texte")))),
        ),
        "directory": publish(home, PartnerDirectoryPage(title="Annuaire", slug="annuaire")),
        "glossary": publish(home, GlossaryPage(title="Glossaire", slug="glossaire")),
    }
    return pages


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Mot {n}")
    slug = factory.Sequence(lambda n: f"mot-{n}")
    definition = "Une explication simple."


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    association = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ASSOCIATION)
    name = "Samia"
    channel = ContactChannel.PHONE
    contact = "06 12 34 56 78"
    consent_at = factory.LazyFunction(timezone.now)
