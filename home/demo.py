"""Demo data of the public site: the page tree, glossary, settings, editor permissions and the workflow.

Idempotent: pages are looked up by slug under their parent and never overwritten (editors may have changed them).
"""

import json
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import yaml
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home import search as site_search
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
    SearchSynonym,
    SiteSettings,
    StandardPage,
)
from portal.enums import OrganisationKind
from portal.models import Organisation
from portal.privacy import HOUSEHOLD_DATA_RULE

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
ASSOCIATION_NAME = "Association Médiation Logement Orléans"


@cache
def load_content():
    """The public site's demo content, as data (home/demo_content/*.yaml, one mapping per file): each top-level key
    becomes an attribute in upper case (content.GUIDES…); "{household_data_rule}" in a text is the rule itself."""
    values = {}
    for path in sorted(CONTENT_DIR.glob("*.yaml")):
        values.update({key.upper(): _with_rule(value) for key, value in yaml.safe_load(path.read_text()).items()})
    return SimpleNamespace(**values)


def _with_rule(value):
    if isinstance(value, dict):
        return {key: _with_rule(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_rule(item) for item in value]
    if isinstance(value, str):
        return value.replace("{household_data_rule}", HOUSEHOLD_DATA_RULE)
    return value


STREAM_FIELDS = ("body", "sources")


def load():
    content = load_content()
    terms = load_glossary()
    home = ensure_home()
    guides = ensure_page(home, GuideIndexPage, content.GUIDE_INDEX)
    ensure_page(guides, ProcedurePage, content.PROCEDURE, terms)
    for spec in content.GUIDES:
        ensure_page(guides, GuidePage, spec, terms)
    ensure_page(guides, FaqPage, content.FAQ, terms)
    aids = ensure_page(home, AidIndexPage, content.AID_INDEX)
    for spec in content.AIDS:
        ensure_page(aids, AidPage, spec, terms)
    ensure_scheduled_page(aids, AidPage, content.APL_2027, terms)
    ensure_page(home, PartnerDirectoryPage, content.DIRECTORY)
    ensure_page(home, GlossaryPage, content.GLOSSARY_PAGE)
    ensure_page(home, ContactPage, content.CONTACT)
    for spec in (content.LEGAL_NOTICE, content.PRIVACY, content.ACCESSIBILITY):
        ensure_page(home, StandardPage, {**spec, "last_reviewed_on": content.REVIEWED})
    ensure_settings(home)
    ensure_synonyms()
    ensure_local_contacts()
    ensure_editor_permissions(home)
    ensure_workflow(home)
    site_search.rebuild()


def ensure_local_contacts():
    """Local contacts are partner-service organisations (one model) that receive no handover."""
    content = load_content()
    for spec in content.LOCAL_CONTACTS:
        values = {key: value for key, value in spec.items() if key != "name"}
        Organisation.objects.get_or_create(
            name=spec["name"],
            defaults={**values, "kind": OrganisationKind.PARTNER, "is_public": True, "accepts_handovers": False},
        )


def ensure_synonyms():
    content = load_content()
    for term, expansion in content.SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansion": expansion})


def load_glossary():
    content = load_content()
    terms = {}
    for slug, term, definition in content.GLOSSARY:
        terms[slug], _ = GlossaryTerm.objects.get_or_create(
            slug=slug, defaults={"term": term, "definition": definition}
        )
    return terms


def ensure_home():
    content = load_content()
    home = HomePage.objects.first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        root = Page.get_first_root_node() or create_root()
        # Wagtail's placeholder "Welcome" page would sit beside ours; remove it once, before the site points at ours.
        welcome = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
        home = HomePage(slug="accueil", **_fields(HomePage, content.HOME))
        root.add_child(instance=home)
        home.save_revision().publish()
        if site is None:
            hostname, port = configured_host()
            site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
        site.root_page = home
        site.site_name = "Prévenir l'impayé"
        site.save()
        if welcome is not None:
            welcome.delete()
    return home


def configured_host():
    """The public host of PORTAL_BASE_URL: the Site record (sitemap.xml, full URLs) uses it, not localhost."""
    parts = urlsplit(settings.PORTAL_BASE_URL)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


def create_root():
    """Wagtail's root node comes from a data migration; a flushed database (transactional tests) lacks it."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return Page.add_root(instance=Page(title="Root", slug="root"))


def _fields(model, spec):
    content = load_content()
    values = {}
    for name, value in spec.items():
        if name in ("terms", "stages", "slug", "go_live_at"):
            continue
        if name in STREAM_FIELDS:
            value = json.dumps(value)
        values[name] = value
    if hasattr(model, "last_reviewed_on") and "last_reviewed_on" not in values and model is not StandardPage:
        values["last_reviewed_on"] = content.REVIEWED
    return values


def _build(parent, model, spec, terms):
    page = model(slug=spec["slug"], **_fields(model, spec))
    for order, stage in enumerate(spec.get("stages", [])):
        page.stages.add(ProcedureStage(sort_order=order, **stage))
    if terms and spec.get("terms"):
        page.terms = [terms[slug] for slug in spec["terms"]]
    parent.add_child(instance=page)
    return page


def ensure_page(parent, model, spec, terms=None):
    existing = parent.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing.specific
    page = _build(parent, model, spec, terms)
    page.save_revision().publish()
    return page


def ensure_scheduled_page(parent, model, spec, terms):
    """A page written ahead of a rule change, published automatically by `manage.py publish_scheduled`."""
    if parent.get_children().filter(slug=spec["slug"]).exists():
        return
    page = _build(parent, model, spec, terms)
    page.live = False
    page.save()
    go_live_at = timezone.make_aware(spec["go_live_at"])
    page.go_live_at = go_live_at
    revision = page.save_revision(approved_go_live_at=go_live_at)
    page.has_unpublished_changes = True
    page.save(update_fields=["has_unpublished_changes"])
    return revision


def ensure_settings(home):
    content = load_content()
    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    if site_settings.association_id is None:
        site_settings.association = Organisation.objects.filter(
            kind=OrganisationKind.ASSOCIATION, name=ASSOCIATION_NAME
        ).first()
        site_settings.helpline_hours = "Appel gratuit, du lundi au vendredi"
        site_settings.footer_text = (
            "Un programme de prévention des impayés porté par un bailleur social du Loiret et une association "
            "indépendante de travailleurs sociaux."
        )
        site_settings.save()
    if not site_settings.publisher_name:
        # Demonstration contacts: the admin warns editors until real ones replace them (SiteSettings.demo_contacts).
        for name, value in content.LEGAL_SETTINGS.items():
            setattr(site_settings, name, value)
        site_settings.save()


EDITOR_PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
EDITOR_MODEL_PERMISSIONS = {
    "Editors": [
        "wagtailadmin.access_admin",
        "home.add_glossaryterm",
        "home.change_glossaryterm",
        "home.add_searchsynonym",
        "home.change_searchsynonym",
        "home.view_pagefeedback",
        "portal.view_organisation",
        "portal.change_organisation",
    ],
    "Moderators": [
        "wagtailadmin.access_admin",
        "home.add_glossaryterm",
        "home.change_glossaryterm",
        "home.delete_glossaryterm",
        "home.add_searchsynonym",
        "home.change_searchsynonym",
        "home.delete_searchsynonym",
        "home.view_pagefeedback",
        "home.change_sitesettings",
        "portal.view_organisation",
        "portal.change_organisation",
        "portal.add_organisation",
    ],
}


def ensure_editor_permissions(home):
    """Editors write and submit; Moderators review and publish. Neither has any casework permission."""
    for group_name, codenames in EDITOR_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    for group_name, labels in EDITOR_MODEL_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for label in labels:
            app_label, codename = label.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def ensure_workflow(home):
    """Every page of the site goes through a moderator's approval before publication."""
    moderators = Group.objects.get(name="Moderators")
    task = GroupApprovalTask.objects.filter(name="Relecture par un modérateur").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Relecture par un modérateur")
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name="Relecture avant publication")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
