"""Wagtail pages of the public site, its snippets and settings, and reader feedback (the contact requests the contact
page sends are casework's: casework.models.ContactRequest)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BaseStreamBlock, SourceBlock
from home.forms import ContactForm
from portal.crypto import EncryptedTextField
from portal.enums import OrganisationKind
from portal.models import Organisation

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link"]


# --- Snippets and settings -----------------------------------------------------------------------------------


class GlossaryTerm(models.Model):
    """A word of the procedure explained in plain French; pages link to it (/glossaire/#slug)."""

    term = models.CharField("mot", max_length=120, unique=True)
    slug = models.SlugField("ancre", max_length=120, unique=True)
    definition = models.TextField("explication simple")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    panels = ["term", "slug", "definition"]

    class Meta:
        ordering = ["term"]
        verbose_name = "mot du glossaire"
        verbose_name_plural = "glossaire"

    def __str__(self):
        return self.term


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide contacts: the helpline, the association that answers contact requests, the footer."""

    helpline_name = models.CharField("nom de la ligne d'écoute", max_length=120, default="SOS Loyers impayés")
    helpline_number = models.CharField("numéro de la ligne d'écoute", max_length=30, default="0 805 160 075")
    helpline_hours = models.CharField("horaires de la ligne", max_length=200, blank=True)
    association = models.ForeignKey(
        "portal.Organisation",
        verbose_name="association qui reçoit les demandes de contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
    )
    callback_delay = models.CharField(
        "délai de rappel annoncé",
        max_length=120,
        default="dans les deux jours ouvrés",
        help_text="Complète la phrase « L'association vous rappellera … ».",
    )
    footer_text = models.TextField("texte du pied de page", blank=True)
    # Legal notice (LCEN art. 6): the publisher, its publication director and the host are published.
    publisher_name = models.CharField("éditeur du site", max_length=200, blank=True)
    publisher_address = models.CharField("adresse de l'éditeur", max_length=300, blank=True)
    publisher_phone = models.CharField("téléphone de l'éditeur", max_length=30, blank=True)
    publisher_email = models.EmailField("e-mail de l'éditeur", blank=True)
    publication_director = models.CharField(
        "directeur ou directrice de la publication", max_length=200, blank=True, help_text="Nom et qualité."
    )
    host_name = models.CharField("hébergeur", max_length=200, blank=True)
    host_address = models.CharField("adresse de l'hébergeur", max_length=300, blank=True)
    host_phone = models.CharField("téléphone de l'hébergeur", max_length=30, blank=True)

    panels = [
        MultiFieldPanel(["helpline_name", "helpline_number", "helpline_hours"], heading="Ligne d'écoute"),
        MultiFieldPanel(["association", "callback_delay"], heading="Association"),
        "footer_text",
        MultiFieldPanel(
            [
                "publisher_name",
                "publisher_address",
                "publisher_phone",
                "publisher_email",
                "publication_director",
                "host_name",
                "host_address",
                "host_phone",
            ],
            heading="Mentions légales (éditeur, directeur de la publication, hébergeur)",
        ),
    ]

    LEGAL_FIELDS = (
        "publisher_name",
        "publisher_address",
        "publisher_phone",
        "publication_director",
        "host_name",
        "host_address",
        "host_phone",
    )

    class Meta:
        verbose_name = "réglages du site"

    def demo_contacts(self):
        """Labels of the fields that hold a demonstration or missing contact (editors are warned in the admin)."""
        labels = []
        for name in ("helpline_number", "publisher_phone", "publisher_email", "host_phone", *self.LEGAL_FIELDS):
            value = getattr(self, name)
            label = str(self._meta.get_field(name).verbose_name)
            if label not in labels and (not value or is_demo_contact(value)):
                labels.append(label)
        return labels


DEMO_MARKERS = (".example", "example.", "à compléter", "démonstration")


def is_demo_contact(value):
    """A placeholder: an .example domain, a number with five zeros in a row, a text saying it is to be filled in."""
    lowered = (value or "").lower()
    digits = "".join(ch for ch in lowered if ch.isdigit())
    return "00000" in digits or any(marker in lowered for marker in DEMO_MARKERS)


class PageSearchText(models.Model):
    """The stems of a live page's words (home/search.py): the same French search on SQLite and PostgreSQL."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="+", primary_key=True)
    title_stems = models.TextField(blank=True)
    description_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)

    class Meta:
        verbose_name = "texte indexé d'une page"

    def __str__(self):
        return f"Texte indexé de la page n°{self.page_id}"


class SearchSynonym(models.Model):
    """Words tenants type and the words the pages use (huissier → commissaire de justice), kept by editors."""

    term = models.CharField(
        "mot tapé par les lecteurs", max_length=80, unique=True, help_text="Par exemple : huissier."
    )
    expansion = models.CharField(
        "mots à chercher en plus",
        max_length=300,
        help_text="Séparés par des virgules. Par exemple : commissaire de justice.",
    )

    panels = ["term", "expansion"]

    class Meta:
        ordering = ["term"]
        verbose_name = "synonyme de recherche"
        verbose_name_plural = "synonymes de recherche"

    def __str__(self):
        return f"{self.term} → {self.expansion}"


# --- Page building blocks -------------------------------------------------------------------------------------


# Past its review date by more than this, a page tells the reader its information is being checked.
REVIEW_GRACE_DAYS = 30


def review_dates_errors(last_reviewed_on, review_due_on):
    """The review-date rule of every page that carries review dates: the next review comes after the last one."""
    if last_reviewed_on and review_due_on and review_due_on <= last_reviewed_on:
        return {"review_due_on": "La prochaine relecture doit être postérieure à la dernière relecture."}
    return {}


def review_state(review_due_on, today=None):
    """'ok', 'overdue' (editors see it on their dashboard) or 'pending' (readers see it, past the grace period)."""
    today = today or timezone.localdate()
    if not review_due_on or review_due_on >= today:
        return "ok"
    if (today - review_due_on).days > REVIEW_GRACE_DAYS:
        return "pending"
    return "overdue"


class ReviewDates:
    """Behaviour of a page with `last_reviewed_on` and `review_due_on`: the date rule and the review state."""

    def clean(self):
        super().clean()
        errors = review_dates_errors(self.last_reviewed_on, self.review_due_on)
        if errors:
            raise ValidationError(errors)

    @property
    def review_overdue(self):
        return review_state(self.review_due_on) != "ok"

    @property
    def review_pending(self):
        return review_state(self.review_due_on) == "pending"


class ReviewedPage(ReviewDates, models.Model):
    """A page that states the law: when it was last checked, on which sources, and when to check it again."""

    last_reviewed_on = models.DateField("relu le", null=True, blank=True)
    review_due_on = models.DateField("à relire avant le", null=True, blank=True)
    review_note = models.TextField(
        "note de relecture (rédaction seulement)",
        blank=True,
        help_text=(
            "Les réserves de la rédaction : règle récente, source à confirmer, coordonnée à vérifier. "
            "Visible seulement dans l'administration ; la page donne au lecteur une consigne sûre."
        ),
    )
    sources = StreamField([("source", SourceBlock())], verbose_name="sources", blank=True)
    terms = ParentalManyToManyField(GlossaryTerm, verbose_name="mots du glossaire utilisés", blank=True)

    review_panels = [
        MultiFieldPanel(["last_reviewed_on", "review_due_on", "review_note", "sources"], heading="Relecture juridique"),
        FieldPanel("terms", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        abstract = True


class SitePage(Page):
    """Common behaviour of the site's pages: served from the page cache unless a page opts out."""

    cacheable = True
    show_feedback = True

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        self.mark_cacheable(request)
        return super().serve(request, *args, **kwargs)

    def mark_cacheable(self, request):
        # serve_preview() calls serve() too: a preview is flagged so that it is never stored.
        request.home_page_cacheable = self.cacheable and not getattr(request, "is_preview", False)

    def get_breadcrumbs(self):
        """Ancestors below the tree root (the home page included), in order."""
        return self.get_ancestors().filter(depth__gt=1).only("id", "title", "url_path", "depth", "path")


def live_children(page, *types):
    queryset = page.get_children().live().public()
    if types:
        queryset = queryset.type(*types)
    return queryset.only("id", "title", "url_path", "search_description", "depth", "path")


def guide_pages():
    """The public pages a step of the carnet de route may point to: the guides, the procedure, the aids and the
    FAQ, live and public only (casework.forms.RoadmapActionForm lists them; no typed address)."""
    return (
        Page.objects.live()
        .public()
        .type(GuidePage, ProcedurePage, AidPage, FaqPage)
        .only("id", "title", "url_path", "depth", "path")
        .order_by("title")
    )


# --- Pages ----------------------------------------------------------------------------------------------------


class HomePage(SitePage):
    """The site's home: what to do now if you are behind on rent, and how to reach the association."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name="que faire maintenant", blank=True)
    show_feedback = False

    content_panels = Page.content_panels + ["intro", "body"]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.GuideIndexPage",
        "home.AidIndexPage",
        "home.ContactPage",
        "home.StandardPage",
        "home.FaqPage",
        "home.PartnerDirectoryPage",
        "home.GlossaryPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = live_children(self, GuideIndexPage, AidIndexPage, PartnerDirectoryPage, FaqPage)
        return context


class GuideIndexPage(SitePage):
    """The list of guides: the procedure, rights and duties, the people who can help."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + ["intro"]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.GuidePage", "home.ProcedurePage", "home.FaqPage"]

    class Meta:
        verbose_name = "liste des guides"

    def guides(self):
        return live_children(self)


class GuidePage(ReviewedPage, SitePage):
    """One topic explained in plain French, with its sources and review dates."""

    body = StreamField(BaseStreamBlock(), verbose_name="contenu")

    content_panels = Page.content_panels + ["body"] + ReviewedPage.review_panels
    search_fields = Page.search_fields + [index.SearchField("search_description"), index.SearchField("body")]
    parent_page_types = ["home.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "guide"

    def __str__(self):
        return self.title


class ProcedurePage(ReviewedPage, SitePage):
    """The road from the first unpaid rent to eviction, as ordered stages."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name="après les étapes", blank=True)

    content_panels = (
        Page.content_panels
        + ["intro", InlinePanel("stages", label="étape", min_num=1), "body"]
        + ReviewedPage.review_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("stages", [index.SearchField("title"), index.SearchField("what_happens")]),
    ]
    parent_page_types = ["home.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "procédure par étapes"

    def __str__(self):
        return self.title

    def ordered_stages(self):
        return self.stages.all()


class ProcedureStage(Orderable):
    """One stage of the procedure: what happens, the legal delay, what you can do, who helps."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField("étape", max_length=160)
    what_happens = RichTextField("ce qui se passe", features=RICH_FEATURES)
    legal_delay = models.CharField("délai légal", max_length=250, blank=True)
    what_you_can_do = RichTextField("ce que vous pouvez faire", features=RICH_FEATURES, blank=True)
    who_helps = RichTextField("qui peut vous aider", features=RICH_FEATURES, blank=True)

    panels = ["title", "what_happens", "legal_delay", "what_you_can_do", "who_helps"]

    class Meta(Orderable.Meta):
        verbose_name = "étape de la procédure"

    def __str__(self):
        return self.title


class AidIndexPage(SitePage):
    """The list of aids and schemes."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + ["intro"]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.AidPage"]

    class Meta:
        verbose_name = "liste des aides"

    def aids(self):
        return live_children(self)


class AidPage(ReviewedPage, SitePage):
    """One scheme: who it is for, what it gives, how to ask, documents needed, contact."""

    who_for = RichTextField("pour qui", features=RICH_FEATURES)
    what_it_gives = RichTextField("ce que cela apporte", features=RICH_FEATURES)
    how_to_ask = RichTextField("comment la demander", features=RICH_FEATURES)
    documents = RichTextField("documents à préparer", features=RICH_FEATURES, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="contact et compléments", blank=True)

    content_panels = (
        Page.content_panels
        + ["who_for", "what_it_gives", "how_to_ask", "documents", "body"]
        + ReviewedPage.review_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("search_description"),
        index.SearchField("who_for"),
        index.SearchField("what_it_gives"),
        index.SearchField("how_to_ask"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.AidIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "aide"

    def __str__(self):
        return self.title


class FaqPage(ReviewedPage, SitePage):
    """Frequent questions, each folded in a <details> element."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name="questions")

    content_panels = Page.content_panels + ["intro", "body"] + ReviewedPage.review_panels
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "questions fréquentes"

    def __str__(self):
        return self.title


class StandardPage(ReviewDates, SitePage):
    """A plain page: legal notice, privacy, accessibility statement."""

    body = StreamField(BaseStreamBlock(), verbose_name="contenu")
    last_reviewed_on = models.DateField("mis à jour le", null=True, blank=True)
    review_due_on = models.DateField("à relire avant le", null=True, blank=True)

    content_panels = Page.content_panels + ["body", "last_reviewed_on", "review_due_on"]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    show_feedback = False

    class Meta:
        verbose_name = "page simple"


class PartnerDirectoryPage(SitePage):
    """The public directory of partner services: the platform's own Organisation records, one model."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "annuaire des services partenaires"

    def partners(self):
        return Organisation.objects.filter(kind=OrganisationKind.PARTNER, is_public=True).order_by("name")


class GlossaryPage(SitePage):
    """Every glossary term with its plain-French explanation; pages link to /glossaire/#slug."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "glossaire"

    def all_terms(self):
        return GlossaryTerm.objects.all()

    def updated_on(self):
        """The day the glossary last changed: the latest term edit, or the page's own publication."""
        latest = GlossaryTerm.objects.aggregate(latest=models.Max("updated_at"))["latest"]
        dates = [d for d in (latest, self.last_published_at) if d]
        return max(dates) if dates else None


class ContactPage(RoutablePageMixin, SitePage):
    """Ask the association to call you back, without an account."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)
    thank_you_text = RichTextField("texte de confirmation", blank=True, features=RICH_FEATURES)
    # The form carries no CSRF token (it posts to home:contact_submit, guarded by a honeypot and a rate limit),
    # so the page itself is cached like the others.
    show_feedback = False

    content_panels = Page.content_panels + ["intro", "thank_you_text"]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "page de contact"

    def serve(self, request, *args, **kwargs):
        # RoutablePageMixin.serve() does not reach SitePage.serve(): mark the request here.
        self.mark_cacheable(request)
        return super().serve(request, *args, **kwargs)

    @path("")
    def contact_form(self, request):
        context = self.get_context(request)
        context["form"] = ContactForm()
        return TemplateResponse(request, self.get_template(request), context)

    @path("merci/")
    def thank_you(self, request):
        return TemplateResponse(request, "home/contact_thanks.html", self.get_context(request))

    def thank_you_url(self):
        return self.url + "merci/"

    def redirect_to_thanks(self):
        return redirect(self.thank_you_url())


# --- Reader feedback and contact requests -----------------------------------------------------------------------


class PageFeedback(models.Model):
    """An anonymous "was this page useful?" answer. No IP address or cookie is kept."""

    page = models.ForeignKey(Page, verbose_name="page", on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField("page utile")
    comment = EncryptedTextField("commentaire", blank=True)
    created_at = models.DateTimeField("reçu le", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "avis sur une page"
        verbose_name_plural = "avis sur les pages"

    def __str__(self):
        return f"{self.page.title} — {'utile' if self.useful else 'pas utile'}"
