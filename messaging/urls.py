"""URLs of the messaging app: the household's conversation under /espace/, the partner side under /partenaires/."""

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("espace/messages/", views.household_index, name="household_index"),
    path("espace/messages/<int:pk>/", views.household_conversation, name="household_conversation"),
    path("espace/messages/<int:pk>/messages.json", views.household_messages_json, name="household_messages_json"),
    path("espace/messages/pieces-jointes/<int:pk>/", views.household_attachment, name="household_attachment"),
    path("partenaires/messages/", views.partner_index, name="partner_index"),
    path("partenaires/messages/<int:pk>/", views.partner_conversation, name="partner_conversation"),
    path("partenaires/messages/<int:pk>/messages.json", views.partner_messages_json, name="partner_messages_json"),
    path("partenaires/messages/pieces-jointes/<int:pk>/", views.partner_attachment, name="partner_attachment"),
    path("partenaires/messages/<int:pk>/numero-confirme/", views.partner_confirm_phone, name="partner_confirm_phone"),
    path(
        "partenaires/dossiers/<int:case_id>/messages/",
        views.partner_case_conversation,
        name="partner_case_conversation",
    ),
    path(
        "partenaires/dossiers/<int:case_id>/coordination/",
        views.partner_case_coordination,
        name="partner_case_coordination",
    ),
]
