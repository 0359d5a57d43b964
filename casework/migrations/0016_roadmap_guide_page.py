"""A carnet de route step points to a page of the public site, not to a typed address (issue 18).

Each address already typed becomes the live page served at that path on one of the sites, when there is one;
otherwise the link is dropped and the step, its text, stays. Nothing from the project is imported here.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _candidates(address, roots):
    """The page paths (Page.url_path) an address such as « /guide/fsl/ » may name, one per site root."""
    address = address.strip().split("?")[0].split("#")[0]
    if not address.startswith("/") or address.startswith("//"):
        return []  # another host, or not an address of the portal
    path = "/".join(part for part in address.split("/") if part)
    return [root + (path + "/" if path else "") for root in roots]


def addresses_to_pages(apps, schema_editor):
    RoadmapAction = apps.get_model("casework", "RoadmapAction")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    roots = [site.root_page.url_path for site in Site.objects.select_related("root_page")]
    for action in RoadmapAction.objects.exclude(guide_url="").only("pk", "guide_url"):
        candidates = _candidates(action.guide_url, roots)
        page = Page.objects.filter(live=True, url_path__in=candidates).order_by("pk").first() if candidates else None
        if page is not None:
            RoadmapAction.objects.filter(pk=action.pk).update(guide_page=page)


def pages_to_addresses(apps, schema_editor):
    RoadmapAction = apps.get_model("casework", "RoadmapAction")
    Site = apps.get_model("wagtailcore", "Site")
    roots = [site.root_page.url_path for site in Site.objects.select_related("root_page")]
    for action in RoadmapAction.objects.exclude(guide_page=None).select_related("guide_page"):
        url_path = action.guide_page.url_path
        root = next((r for r in roots if url_path.startswith(r)), None)
        if root is not None:
            RoadmapAction.objects.filter(pk=action.pk).update(guide_url="/" + url_path[len(root) :])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0015_merge_20261130_1156"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="roadmapaction",
            name="guide_page",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="page du guide",
            ),
        ),
        migrations.RunPython(addresses_to_pages, pages_to_addresses),
        migrations.RemoveField(model_name="roadmapaction", name="guide_url"),
    ]
