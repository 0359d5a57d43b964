"""Each StreamField block renders its template with the expected markup."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from home import blocks

pytestmark = pytest.mark.django_db


def render(block, raw):
    return block.render(block.to_python(raw))


def test_heading_levels():
    assert render(blocks.HeadingBlock(), {"text": "Vos droits", "level": "h2"}).strip() == "<h2>Vos droits</h2>"
    assert "<h3>Détail</h3>" in render(blocks.HeadingBlock(), {"text": "Détail", "level": "h3"})


def test_paragraph():
    block = blocks.BaseStreamBlock().child_blocks["paragraph"]
    assert "<p>Bonjour</p>" in block.render(RichText("<p>Bonjour</p>"))


@pytest.mark.parametrize(
    ("kind", "label"), [("info", "À savoir"), ("warning", "Attention"), ("important", "Important")]
)
def test_callout_kinds(kind, label):
    html = render(blocks.CalloutBlock(), {"kind": kind, "title": "", "text": "<p>Texte</p>"})
    assert f"callout--{kind}" in html and label in html and 'role="note"' in html


def test_steps_are_an_ordered_list():
    html = render(
        blocks.StepsBlock(),
        {"title": "Que faire", "steps": [{"title": "Un", "text": "<p>a</p>"}, {"title": "Deux", "text": ""}]},
    )
    assert "<ol" in html and html.count("steps__item") == 2 and "<h2>Que faire</h2>" in html


def test_faq_item_uses_native_details():
    html = render(blocks.FaqItemBlock(), {"question": "Est-ce gratuit ?", "answer": "<p>Oui.</p>"})
    assert "<details" in html and "<summary>Est-ce gratuit ?</summary>" in html and "<p>Oui.</p>" in html


def test_contact_card():
    html = render(
        blocks.ContactCardBlock(),
        {
            "name": "SOS Loyers impayés",
            "phone": "0 805 160 075",
            "email": "a@b.fr",
            "address": "",
            "hours": "Lun-ven",
            "website": "https://example.org/",
            "description": "",
        },
    )
    assert 'href="tel:0805160075"' in html and "mailto:a@b.fr" in html and "Lun-ven" in html
    assert 'Site web<span class="visually-hidden"> de SOS Loyers impayés</span>' in html


def test_link_list_with_url():
    html = render(
        blocks.LinkListBlock(),
        {
            "title": "Pour aller plus loin",
            "links": [
                {"label": "Service-public", "url": "https://www.service-public.fr/", "page": None, "document": None}
            ],
        },
    )
    assert '<a href="https://www.service-public.fr/">Service-public</a>' in html


def test_link_needs_exactly_one_target():
    block = blocks.LinkBlock()
    with pytest.raises(Exception):  # noqa: B017 - StructBlockValidationError
        block.clean(block.to_python({"label": "Rien", "url": "", "page": None, "document": None}))


# Wagtail's rendition generation hands its SpooledTemporaryFile to the garbage collector unclosed
# (wagtail/images/models.py, generate_rendition_file); the warning comes from there, not from the portal.
@pytest.mark.filterwarnings("ignore:Unclosed file <tempfile.SpooledTemporaryFile:ResourceWarning")
def test_image_requires_alt_text_and_renders_it():
    image = Image.objects.create(title="Plan", file=get_test_image_file())
    block = blocks.ImageBlock()
    html = block.render(
        block.to_python({"image": image.pk, "alt": "Un calendrier des étapes", "caption": "Les étapes"})
    )
    assert 'alt="Un calendrier des étapes"' in html and "<figcaption>Les étapes</figcaption>" in html
    assert block.child_blocks["alt"].required


def test_source_block():
    html = render(
        blocks.SourceBlock(), {"title": "Loi 2023-668", "url": "https://example.org/loi", "date": "28/07/2023"}
    )
    assert html.strip().startswith("<li>") and "28/07/2023" in html
