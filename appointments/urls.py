"""URLs of appointments: /espace/rendez-vous/ (household), /partenaires/rendez-vous/ (staff), /agenda/ (feeds)."""

from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("espace/rendez-vous/", views.household_list, name="household_list"),
    path("espace/rendez-vous/prendre/", views.household_book, name="household_book"),
    path("espace/rendez-vous/<int:pk>/", views.household_detail, name="household_detail"),
    path("espace/rendez-vous/<int:pk>/agenda.ics", views.household_ics, name="household_ics"),
    path("espace/rendez-vous/<int:pk>/deplacer/", views.household_move, name="household_move"),
    path("espace/rendez-vous/<int:pk>/annuler/", views.household_cancel, name="household_cancel"),
    path("espace/rendez-vous/<int:pk>/accepter/", views.household_accept, name="household_accept"),
    path("espace/rendez-vous/<int:pk>/autre-creneau/", views.household_decline, name="household_decline"),
    path("partenaires/rendez-vous/", views.staff_agenda, name="staff_agenda"),
    path("partenaires/rendez-vous/disponibilites/", views.availability, name="availability"),
    path("partenaires/rendez-vous/agenda-prive/", views.feed_settings, name="feed_settings"),
    path("partenaires/rendez-vous/dossier/<int:case_id>/", views.staff_case, name="staff_case"),
    path("partenaires/rendez-vous/dossier/<int:case_id>/nouveau/", views.staff_new, name="staff_new"),
    path("partenaires/rendez-vous/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("partenaires/rendez-vous/<int:pk>/deplacer/", views.staff_move, name="staff_move"),
    path("partenaires/rendez-vous/<int:pk>/annuler/", views.staff_cancel, name="staff_cancel"),
    path("partenaires/rendez-vous/<int:pk>/statut/", views.staff_mark, name="staff_mark"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
]
