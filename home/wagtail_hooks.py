"""Wagtail admin for the public site: glossary, partner directory, reader feedback, review dashboard."""

from django import forms
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from home.models import (
    AidPage,
    FaqPage,
    GlossaryTerm,
    GuidePage,
    PageFeedback,
    ProcedurePage,
    SearchSynonym,
    SiteSettings,
    StandardPage,
    is_demo_contact,
)
from portal import geo
from portal.enums import OrganisationKind
from portal.models import Organisation

REVIEWED_PAGE_MODELS = (GuidePage, ProcedurePage, AidPage, FaqPage, StandardPage)


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    menu_label = "Glossaire"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["term", "slug"]
    search_fields = ["term", "definition"]


class PartnerOrganisationForm(WagtailAdminModelForm):
    """Editors maintain only the public fields of partner services; a new record is a partner service. The area
    covered is typed one line a commune or département, as the coordinator's form (portal.geo.area_codes)."""

    area_text = forms.CharField(
        label="Zone couverte",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une ligne par commune ou département : code INSEE, « 45000 Orléans », « Orléans (45) » ou « 45 ».",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_text"].initial = "\n".join(geo.area_line(c) for c in self.instance.area or [])

    def clean_area_text(self):
        text = self.cleaned_data["area_text"]
        return geo.area_codes(text) if text.strip() else []

    def save(self, commit=True):
        if not self.instance.kind:
            self.instance.kind = OrganisationKind.PARTNER
        self.instance.area = self.cleaned_data.get("area_text", [])
        return super().save(commit=commit)


class PartnerOnlyMixin:
    """Landlords, associations and funders are not the directory's: their records answer 404 here."""

    def get_object(self, queryset=None):
        organisation = super().get_object(queryset)
        if organisation.kind != OrganisationKind.PARTNER:
            raise Http404
        return organisation


class PartnerEditView(PartnerOnlyMixin, EditView):
    pass


class PartnerDeleteView(PartnerOnlyMixin, DeleteView):
    pass


class PartnerOrganisationViewSet(SnippetViewSet):
    """The same Organisation records casework hands over to: one model, public fields only here."""

    model = Organisation
    icon = "group"
    menu_label = "Annuaire des partenaires"
    menu_name = "partner_directory"
    url_prefix = "annuaire-partenaires"
    admin_url_namespace = "partner_directory"
    menu_order = 310
    add_to_admin_menu = True
    edit_view_class = PartnerEditView
    delete_view_class = PartnerDeleteView
    list_display = ["name", "phone", "is_public", "accepts_handovers", "source_date"]
    list_filter = ["is_public", "accepts_handovers"]
    search_fields = ["name", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("audience"),
            FieldPanel("how_to_reach"),
            FieldPanel("area_text"),
            FieldPanel("address"),
            FieldPanel("phone"),
            FieldPanel("email"),
            FieldPanel("website"),
            FieldPanel("hours"),
            FieldPanel("is_public"),
            FieldPanel("accepts_handovers"),
            FieldPanel("source_url"),
            FieldPanel("source_date"),
        ],
        base_form_class=PartnerOrganisationForm,
    )

    def get_queryset(self, request):
        return Organisation.objects.filter(kind=OrganisationKind.PARTNER)


class PageFeedbackViewSet(SnippetViewSet):
    model = PageFeedback
    icon = "comment"
    menu_label = "Avis des lecteurs"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["page", "useful", "created_at"]
    list_filter = ["useful", "page"]
    inspect_view_enabled = True
    inspect_view_fields = ["page", "useful", "comment", "created_at"]


class SearchSynonymViewSet(SnippetViewSet):
    """Words tenants type (huissier, APL) and the words the pages use: the site search adds them."""

    model = SearchSynonym
    icon = "search"
    menu_label = "Synonymes de recherche"
    menu_order = 305
    add_to_admin_menu = True
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]


register_snippet(GlossaryTermViewSet)
register_snippet(SearchSynonymViewSet)
register_snippet(PartnerOrganisationViewSet)
register_snippet(PageFeedbackViewSet)


def overdue_pages(today=None):
    """Pages whose review date has passed, oldest first: one query per reviewed page type."""
    today = today or timezone.localdate()
    pages = []
    for model in REVIEWED_PAGE_MODELS:
        pages.extend(
            model.objects.filter(review_due_on__lt=today).only("id", "title", "review_due_on", "last_reviewed_on")
        )
    return sorted(pages, key=lambda page: page.review_due_on)


class OverdueReviewPanel(Component):
    name = "overdue_reviews"
    order = 50
    template_name = "home/admin/overdue_review_panel.html"

    def get_context_data(self, parent_context):
        return {"pages": overdue_pages(), "today": timezone.localdate()}


class DemoContactPanel(Component):
    """A warning at the top of the dashboard while the site settings hold demonstration or missing contacts."""

    name = "demo_contacts"
    order = 0
    template_name = "home/admin/demo_contact_panel.html"

    def __init__(self, fields):
        self.fields = fields

    def get_context_data(self, parent_context):
        return {"fields": self.fields}


def demo_contact_fields():
    """Site settings fields and public directory entries that still hold a demonstration contact."""
    site = Site.objects.filter(is_default_site=True).first()
    fields = SiteSettings.for_site(site).demo_contacts() if site else []
    partners = Organisation.objects.filter(kind=OrganisationKind.PARTNER, is_public=True).only("name", "phone", "email")
    fields += [
        f"annuaire : {partner.name}"
        for partner in partners
        if any(is_demo_contact(value) for value in (partner.phone, partner.email))
    ]
    return fields


class FeedbackSummaryPanel(Component):
    name = "feedback_summary"
    order = 60
    template_name = "home/admin/feedback_summary_panel.html"

    def get_context_data(self, parent_context):
        rows = (
            PageFeedback.objects.values("page_id", "page__title")
            .annotate(yes=Count("id", filter=Q(useful=True)), no=Count("id", filter=Q(useful=False)))
            .order_by("-no", "-yes")[:10]
        )
        return {"rows": rows}


@hooks.register("construct_homepage_panels")
def add_public_site_panels(request, panels):
    fields = demo_contact_fields()
    if fields:
        panels.insert(0, DemoContactPanel(fields))
    panels.append(OverdueReviewPanel())
    panels.append(FeedbackSummaryPanel())
