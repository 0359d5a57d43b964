"""URLs of the home app: search, feedback, robots.txt and the association's contact requests."""

from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("avis/", views.feedback, name="feedback"),
    path("demande-de-rappel/", views.contact_submit, name="contact_submit"),
    path("plan-du-site/", views.site_map, name="site_map"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("partenaires/demandes-de-contact/", views.contact_requests, name="contact_requests"),
    path(
        "partenaires/demandes-de-contact/<int:pk>/traitee/",
        views.contact_request_handled,
        name="contact_request_handled",
    ),
]
