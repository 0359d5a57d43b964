"""URLs of the evaluation app: the partners' dashboard and the household's data (what is held, export, access log)."""

from django.urls import path

from casework.evaluation import household_views, views

app_name = "evaluation"

urlpatterns = [
    path("partenaires/evaluation/", views.index, name="index"),
    path("partenaires/evaluation/comparaison/", views.compare, name="compare"),
    path("partenaires/evaluation/<int:programme_id>/", views.dashboard, name="dashboard"),
    path("partenaires/evaluation/<int:programme_id>/graphiques/<slug:name>.svg", views.chart, name="chart"),
    path("partenaires/evaluation/<int:programme_id>/indicateurs.csv", views.indicators_csv, name="csv"),
    path("partenaires/evaluation/<int:programme_id>/rapport.pdf", views.report_pdf, name="report"),
    path(
        "partenaires/evaluation/<int:programme_id>/reajustements/",
        views.adjustment_decisions,
        name="adjustments",
    ),
    path("espace/mes-donnees/", household_views.my_data, name="my_data"),
    path("espace/mes-donnees/export.json", household_views.export_json, name="export_json"),
    path("espace/mes-donnees/export.pdf", household_views.export_pdf, name="export_pdf"),
]
