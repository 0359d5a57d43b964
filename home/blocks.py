"""StreamField blocks of the public site: one shared BaseStreamBlock used by every content page."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section title; level 2 or 3 so the page outline stays correct under the page's h1."""

    text = blocks.CharBlock(label="titre", max_length=160)
    level = blocks.ChoiceBlock(
        label="niveau", choices=[("h2", "Titre de section (h2)"), ("h3", "Sous-titre (h3)")], default="h2"
    )

    class Meta:
        icon = "title"
        label = "Titre"
        template = "blocks/heading_block.html"
        description = "Un titre de section"
        preview_value = {"text": "Ce que vous pouvez faire", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    """A framed message: information, warning or important."""

    kind = blocks.ChoiceBlock(
        label="type",
        choices=[("info", "Information"), ("warning", "Attention"), ("important", "Important")],
        default="info",
    )
    title = blocks.CharBlock(label="titre", required=False, max_length=120)
    text = blocks.RichTextBlock(label="texte", features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        label = "Encadré"
        template = "blocks/callout_block.html"
        description = "Un message mis en avant : information, attention ou important"
        preview_value = {"kind": "warning", "title": "Ne restez pas seul", "text": "<p>Appelez l'association.</p>"}


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="étape", max_length=160)
    text = blocks.RichTextBlock(label="détail", features=RICH_FEATURES, required=False)


class StepsBlock(blocks.StructBlock):
    """An ordered list of things to do, shown as numbered steps."""

    title = blocks.CharBlock(label="titre", required=False, max_length=160)
    steps = blocks.ListBlock(StepBlock(), label="étapes", min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Étapes"
        template = "blocks/steps_block.html"
        description = "Une liste numérotée d'étapes à suivre"
        preview_value = {
            "title": "Dès le premier retard",
            "steps": [{"title": "Contactez votre bailleur", "text": "<p>Expliquez votre situation.</p>"}],
        }


class FaqItemBlock(blocks.StructBlock):
    """A question and its answer, folded with a native <details> element (works without JavaScript)."""

    question = blocks.CharBlock(label="question", max_length=250)
    answer = blocks.RichTextBlock(label="réponse", features=RICH_FEATURES)

    class Meta:
        icon = "help"
        label = "Question-réponse"
        template = "blocks/faq_item_block.html"
        description = "Une question dépliable et sa réponse"
        preview_value = {"question": "Mon bailleur saura-t-il ce que je dis ?", "answer": "<p>Non.</p>"}


class ContactCardBlock(blocks.StructBlock):
    """Who to call or visit: name, phone, e-mail, address, opening hours."""

    name = blocks.CharBlock(label="nom", max_length=160)
    description = blocks.TextBlock(label="ce qu'il fait", required=False)
    phone = blocks.CharBlock(label="téléphone", required=False, max_length=30)
    email = blocks.EmailBlock(label="e-mail", required=False)
    address = blocks.CharBlock(label="adresse", required=False, max_length=300)
    hours = blocks.CharBlock(label="horaires", required=False, max_length=300)
    website = blocks.URLBlock(label="site web", required=False)

    class Meta:
        icon = "user"
        label = "Carte de contact"
        template = "blocks/contact_card_block.html"
        description = "Les coordonnées d'un service"
        preview_value = {"name": "SOS Loyers impayés", "phone": "0 805 160 075", "hours": "Du lundi au vendredi"}


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="texte du lien", max_length=200)
    page = blocks.PageChooserBlock(label="page du site", required=False)
    document = DocumentChooserBlock(label="document", required=False)
    url = blocks.URLBlock(label="adresse externe", required=False)

    def clean(self, value):
        value = super().clean(value)
        targets = [value.get("page"), value.get("document"), value.get("url")]
        if sum(1 for target in targets if target) != 1:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError("Choisissez une seule cible : une page, un document ou une adresse.")
                }
            )
        return value


class LinkListBlock(blocks.StructBlock):
    """Links to pages, documents or outside sites."""

    title = blocks.CharBlock(label="titre", required=False, max_length=160)
    links = blocks.ListBlock(LinkBlock(), label="liens", min_num=1)

    class Meta:
        icon = "link"
        label = "Liste de liens ou de documents"
        template = "blocks/link_list_block.html"
        description = "Des liens vers des pages, des documents ou d'autres sites"
        preview_value = {
            "title": "Pour aller plus loin",
            "links": [{"label": "Service-public.fr", "url": "https://www.service-public.fr/"}],
        }


class ImageBlock(blocks.StructBlock):
    """An image; its text alternative is required (leave a space-only description out: say what it shows)."""

    image = ImageChooserBlock(label="image")
    alt = blocks.CharBlock(
        label="texte alternatif",
        max_length=250,
        help_text="Décrivez ce que montre l'image pour une personne qui ne la voit pas.",
    )
    caption = blocks.CharBlock(label="légende", required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/image_block.html"
        description = "Une image avec son texte alternatif obligatoire"


class VisibilityPromiseBlock(blocks.StaticBlock):
    """The confidentiality promise (casework/visibility.py), placed where editors want it, never retyped."""

    class Meta:
        icon = "lock"
        label = "Ce que le bailleur reçoit (promesse de confidentialité)"
        template = "blocks/visibility_promise_block.html"
        description = (
            "La liste officielle de ce que le bailleur reçoit et ne reçoit jamais ; elle ne se modifie pas ici"
        )
        admin_text = "La promesse de confidentialité s'affiche ici, telle qu'elle est définie pour tout le site."
        preview_value = None


class LegalNoticeBlock(blocks.StaticBlock):
    """Publisher, publication director and host (LCEN art. 6), read from the site settings."""

    class Meta:
        icon = "doc-full"
        label = "Éditeur et hébergeur (réglages du site)"
        template = "blocks/legal_notice_block.html"
        description = (
            "L'éditeur, le directeur de la publication et l'hébergeur, tels que saisis dans les réglages du site"
        )
        admin_text = "Les mentions « éditeur » et « hébergeur » s'affichent ici, depuis les réglages du site."
        preview_value = None


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every content page offers."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="Texte",
        features=["h3", *RICH_FEATURES],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description="Du texte mis en forme",
        preview_value="<p>Vous avez un retard de loyer ? Vous n'êtes pas seul.</p>",
    )
    callout = CalloutBlock()
    steps = StepsBlock()
    faq = FaqItemBlock()
    contact = ContactCardBlock()
    links = LinkListBlock()
    image = ImageBlock()
    visibility_promise = VisibilityPromiseBlock()
    legal_notice = LegalNoticeBlock()


class SourceBlock(blocks.StructBlock):
    """A source a legal page rests on: kept so editors can check it again."""

    title = blocks.CharBlock(label="source", max_length=300)
    url = blocks.URLBlock(label="adresse", required=False)
    date = blocks.CharBlock(label="date de la source", required=False, max_length=60)

    class Meta:
        icon = "doc-full"
        label = "Source"
        template = "blocks/source_block.html"
