"""URLs of the casework app: partner area under /partenaires/, the household's pages under /espace/."""

from django.urls import path

from casework.views import administration as adm
from casework.views import contact_requests as cr
from casework.views import household as h
from casework.views import landlord as l  # noqa: E741
from casework.views import meetings as m
from casework.views import outreach as o
from casework.views import parameters as par
from casework.views import partner as p
from casework.views import review_answers as ra
from casework.views import territory as ter
from casework.views import waiting_list as wl
from casework.views.association import (
    case,
    caseload,
    diagnostic,
    exceptions,
    handovers,
    letter,
    plans,
    reviews,
    roadmap,
    transfers,
)

app_name = "casework"

C = "partenaires/dossiers/<int:pk>/"
L = "partenaires/bailleur/"

urlpatterns = [
    # Platform administrator
    path("partenaires/administration/", adm.programme_list, name="admin_programmes"),
    path("partenaires/administration/programmes/nouveau/", adm.programme_new, name="admin_programme_new"),
    path("partenaires/administration/programmes/<int:pk>/", adm.programme_detail, name="admin_programme"),
    # Territory as codes, partner services directory (coordinator; the search also for the administrator)
    path("partenaires/communes/recherche/", ter.commune_search, name="commune_search"),
    path("partenaires/communes-a-preciser/", ter.communes_to_check, name="communes_to_check"),
    path("partenaires/communes-a-preciser/baux/<int:pk>/", ter.set_tenancy_commune, name="set_tenancy_commune"),
    path("partenaires/annuaire/", ter.directory_list, name="directory_list"),
    path("partenaires/annuaire/nouveau/", ter.directory_entry, name="directory_new"),
    path("partenaires/annuaire/<int:pk>/", ter.directory_entry, name="directory_entry"),
    # Association
    path("partenaires/dossiers/", caseload.caseload, name="caseload"),
    path("partenaires/dossiers/export.csv", caseload.caseload_csv, name="caseload_csv"),
    path(C, case.case_detail, name="case_detail"),
    path(C + "statut/", case.change_status, name="change_status"),
    path(C + "attribuer/", case.assign, name="assign"),
    path(C + "m-attribuer/", case.take_case, name="take_case"),
    path(C + "tentatives/", case.log_attempt, name="log_attempt"),
    path(C + "inviter/", o.invite, name="invite"),
    path("partenaires/dossiers/inviter/", o.invite_selection, name="invite_selection"),
    path("partenaires/programmes/<int:pk>/invitations/", o.programme_texts, name="programme_texts"),
    path(C + "notes/", case.add_note, name="add_note"),
    path(C + "cloture/", case.close_case, name="close_case"),
    path(C + "rouvrir/", case.reopen_case, name="reopen_case"),
    path(C + "identite/", letter.confirm_identity, name="confirm_identity"),
    path(C + "comptes/<int:member_pk>/retirer/", letter.revoke_account, name="revoke_account"),
    path(C + "code/annuler/", letter.revoke_code, name="revoke_code"),
    path(C + "code/nouveau/", letter.new_code, name="new_code"),
    path(C + "courrier.pdf", letter.letter_pdf, name="letter_pdf"),
    path(C + "diagnostic/", diagnostic.diagnostic, name="diagnostic"),
    path(C + "carnet/", roadmap.add_action, name="add_action"),
    path(C + "carnet/<int:action_pk>/", roadmap.edit_action, name="edit_action"),
    path(C + "carnet.pdf", roadmap.roadmap_pdf, name="roadmap_pdf"),
    path(C + "relais/nouveau/", handovers.handover_edit, name="handover_new"),
    path(C + "relais/<int:handover_pk>/", handovers.handover_edit, name="handover_edit"),
    path(C + "bilans/nouveau/", reviews.review_edit, name="review_new"),
    path(C + "bilans/<int:review_pk>/", reviews.review_edit, name="review_edit"),
    path(C + "bilans/<int:review_pk>/partager/", reviews.review_share, name="review_share"),
    path(C + "bilans/<int:review_pk>/valider/", reviews.review_validate, name="review_validate"),
    path(C + "bilans/<int:review_pk>.pdf", reviews.review_pdf, name="review_pdf"),
    path(C + "bilans/<int:review_pk>/remarques/<int:comment_pk>/reponse/", ra.answer_comment, name="review_answer"),
    path(C + "mutation/", transfers.add_transfer, name="add_transfer"),
    path(C + "mutation/<int:transfer_pk>/", transfers.edit_transfer, name="edit_transfer"),
    path(C + "plan/", plans.add_plan, name="add_plan"),
    path("partenaires/signalements/hors-criteres/", exceptions.exceptions, name="exceptions"),
    path("partenaires/signalements/<int:pk>/decision/", exceptions.exception_decision, name="exception_decision"),
    path("partenaires/dossiers/demandes/<int:pk>/", cr.contact_request, name="contact_request"),
    path("partenaires/programmes/<int:pk>/parametres/", par.programme_parameters, name="programme_parameters"),
    path(
        "partenaires/programmes/<int:pk>/parametres/<int:version_pk>/reponse/",
        par.answer_parameters,
        name="answer_parameters",
    ),
    path("partenaires/programmes/<int:pk>/liste-d-attente/", wl.waiting_list, name="waiting_list"),
    path(C + "liste-d-attente/sortir/", wl.take_off, name="take_off_waiting_list"),
    path("partenaires/reunions/", m.meetings, name="meetings"),
    path("partenaires/reunions/planifier/", m.schedule_meeting, name="schedule_meeting"),
    path("partenaires/reunions/<int:pk>/", m.meeting_detail, name="meeting_detail"),
    # Landlord
    path(L, l.dashboard, name="landlord_dashboard"),
    path(L + "export.csv", l.export_csv, name="landlord_csv"),
    path(L + "signaler/", l.referral_new, name="referral_new"),
    path(L + "signaler/criteres/", l.referral_criteria, name="referral_criteria"),
    path(L + "import/", l.import_new, name="import_new"),
    path(L + "import/modele.csv", l.import_template, name="import_template"),
    path(L + "import/<int:pk>/", l.import_detail, name="import_detail"),
    path(L + "dossiers/<int:pk>/", l.case_detail, name="landlord_case"),
    path(L + "dossiers/<int:pk>/releves/", l.add_statement, name="landlord_statement"),
    path(L + "dossiers/<int:pk>/plan/", l.add_plan, name="landlord_plan"),
    path(L + "dossiers/<int:pk>/courrier.pdf", l.letter_pdf, name="landlord_letter_pdf"),
    path(L + "bilans/<int:pk>/", l.review_detail, name="landlord_review"),
    path(L + "bilans/<int:pk>.pdf", l.review_pdf, name="landlord_review_pdf"),
    # Partner services
    path("partenaires/relais/", p.handovers, name="partner_handovers"),
    path("partenaires/relais/<int:pk>/", p.handover_detail, name="partner_handover"),
    path("partenaires/relais/<int:pk>/etat/", p.handover_status, name="partner_handover_status"),
    # Household
    path("espace/carnet/", h.roadmap, name="household_roadmap"),
    path("espace/carnet/<int:pk>/fait/", h.mark_done, name="household_mark_done"),
    path("espace/carnet.pdf", h.roadmap_pdf, name="household_roadmap_pdf"),
    path("espace/bilans/<int:pk>/", h.review, name="household_review"),
    path("espace/bilans/<int:pk>.pdf", h.review_pdf, name="household_review_pdf"),
    path("espace/relais/", h.consents, name="household_consents"),
    path("espace/numero/", h.confirm_phone, name="household_confirm_phone"),
    path("espace/relais/<int:pk>/accord/", h.consent_change, name="household_consent"),
]
