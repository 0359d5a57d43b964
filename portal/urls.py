"""URL map: stable addresses of docs/architecture.md § 6. Deny by default; public views are marked."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponseRedirect
from django.urls import include, path, re_path, reverse
from django.utils.http import urlencode
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.documents.views import serve as document_serve
from wagtail.images.views.serve import serve as image_serve

from portal import invitations, otp, sms_webhooks, views


@login_not_required
def to_allauth_login(request):
    """Every login form of the platform is allauth's, so its rate limits hold on every path."""
    query = {"next": request.GET.get("next") or request.POST.get("next") or "/partenaires/"}
    return HttpResponseRedirect(
        f"{reverse('account_login')}?{urlencode(query)}", status=307 if request.method == "POST" else 302
    )


portal_patterns = [
    path("apres-connexion/", views.after_login, name="after_login"),
    path("comptes/invitation/", invitations.redeem, name="invitation_redeem"),
    path("comptes/invitation/<str:code>/", invitations.redeem, name="invitation_redeem_code"),
    path("comptes/2fa/", otp.verify, name="otp_verify"),
    path("comptes/2fa/activer/", otp.setup, name="otp_setup"),
    path("comptes/2fa/codes-de-secours/", otp.backup_codes, name="otp_backup_codes"),
    path("comptes/2fa/desactiver/", otp.disable, name="otp_disable"),
    path("comptes/2fa/confirmer/", otp.reauthenticate, name="reauthenticate"),
    path("comptes/preferences/", views.account_settings, name="account_settings"),
    path("comptes/nouveau-mot-de-passe/", views.set_password_after_code, name="set_password_after_code"),
    path("comptes/brouillons/<slug:key>/", views.save_draft, name="save_draft"),
    path("espace/", views.household_home, name="household_home"),
    path("espace/bienvenue/", views.household_welcome, name="household_welcome"),
    path("partenaires/", views.partner_home, name="partner_home"),
    path("partenaires/organisations/<int:organisation_id>/membres/", views.members, name="members"),
    path(
        "partenaires/organisations/<int:organisation_id>/membres/<int:membership_id>/reinitialiser-2fa/",
        views.reset_second_factor,
        name="reset_second_factor",
    ),
    path(
        "partenaires/organisations/<int:organisation_id>/membres/<int:membership_id>/retirer/",
        views.end_membership,
        name="end_membership",
    ),
]

urlpatterns = [
    path("sante/", views.health, name="health"),
    # The SMS provider's webhooks (signed, no login, no CSRF): portal/sms_webhooks.py.
    path("sms/statut/", sms_webhooks.status, name="sms_status"),
    path("sms/entrant/", sms_webhooks.inbound, name="sms_inbound"),
    # The short invitation link printed on letters and sent by SMS.
    path("i/<str:code>/", views.short_invitation, name="short_invitation"),
    # Closed login forms: redirect before the admin URLs match them (docs/stack-notes.md, « Une seule connexion »).
    path("admin/login/", to_allauth_login),
    path("django-admin/login/", to_allauth_login),
    path("_util/login/", to_allauth_login, name="wagtailcore_login"),
    path("", include((portal_patterns, "portal"))),
    path("comptes/", include("allauth.urls")),
    path("", include("casework.urls")),
    path("", include("appointments.urls")),
    path("", include("casework.evaluation.urls")),
    path("", include("messaging.urls")),
    path("", include("home.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    re_path(r"^documents/(\d+)/(.*)$", login_not_required(document_serve.serve), name="wagtaildocs_serve"),
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", login_not_required(image_serve), name="wagtailimages_serve"),
    path("sitemap.xml", login_not_required(sitemap), {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        login_not_required(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
]

if settings.DEBUG:
    # Development only (production: docs/deployment.md): the images Wagtail renders, nothing else of MEDIA_ROOT.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", login_not_required(views.media_image), name="dev_media"))

urlpatterns.append(re_path(r"^((?:[\w\-]+/)*)$", login_not_required(wagtail_views.serve), name="wagtail_serve"))
