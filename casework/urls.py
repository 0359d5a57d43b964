"""URLs of the casework app: partner area under /partenaires/, the household's pages under /espace/."""

from django.urls import path

from casework.views import association as a
from casework.views import contact_requests as cr
from casework.views import household as h
from casework.views import landlord as l  # noqa: E741
from casework.views import meetings as m
from casework.views import outreach as o
from casework.views import partner as p

app_name = "casework"

C = "partenaires/dossiers/<int:pk>/"
L = "partenaires/bailleur/"

urlpatterns = [
    # Association
    path("partenaires/dossiers/", a.caseload, name="caseload"),
    path("partenaires/dossiers/export.csv", a.caseload_csv, name="caseload_csv"),
    path(C, a.case_detail, name="case_detail"),
    path(C + "statut/", a.change_status, name="change_status"),
    path(C + "attribuer/", a.assign, name="assign"),
    path(C + "m-attribuer/", a.take_case, name="take_case"),
    path(C + "tentatives/", a.log_attempt, name="log_attempt"),
    path(C + "inviter/", o.invite, name="invite"),
    path("partenaires/dossiers/inviter/", o.invite_selection, name="invite_selection"),
    path("partenaires/programmes/<int:pk>/invitations/", o.programme_texts, name="programme_texts"),
    path(C + "notes/", a.add_note, name="add_note"),
    path(C + "cloture/", a.close_case, name="close_case"),
    path(C + "rouvrir/", a.reopen_case, name="reopen_case"),
    path(C + "identite/", a.confirm_identity, name="confirm_identity"),
    path(C + "comptes/<int:member_pk>/retirer/", a.revoke_account, name="revoke_account"),
    path(C + "code/annuler/", a.revoke_code, name="revoke_code"),
    path(C + "code/nouveau/", a.new_code, name="new_code"),
    path(C + "courrier.pdf", a.letter_pdf, name="letter_pdf"),
    path(C + "diagnostic/", a.diagnostic, name="diagnostic"),
    path(C + "carnet/", a.add_action, name="add_action"),
    path(C + "carnet/<int:action_pk>/", a.edit_action, name="edit_action"),
    path(C + "carnet.pdf", a.roadmap_pdf, name="roadmap_pdf"),
    path(C + "relais/nouveau/", a.handover_edit, name="handover_new"),
    path(C + "relais/<int:handover_pk>/", a.handover_edit, name="handover_edit"),
    path(C + "bilans/nouveau/", a.review_edit, name="review_new"),
    path(C + "bilans/<int:review_pk>/", a.review_edit, name="review_edit"),
    path(C + "bilans/<int:review_pk>/partager/", a.review_share, name="review_share"),
    path(C + "bilans/<int:review_pk>/valider/", a.review_validate, name="review_validate"),
    path(C + "bilans/<int:review_pk>.pdf", a.review_pdf, name="review_pdf"),
    path(C + "mutation/", a.add_transfer, name="add_transfer"),
    path(C + "plan/", a.add_plan, name="add_plan"),
    path("partenaires/signalements/hors-criteres/", a.exceptions, name="exceptions"),
    path("partenaires/signalements/<int:pk>/decision/", a.exception_decision, name="exception_decision"),
    path("partenaires/dossiers/demandes/<int:pk>/", cr.contact_request, name="contact_request"),
    path("partenaires/reunions/", m.meetings, name="meetings"),
    path("partenaires/reunions/<int:pk>/", m.meeting_detail, name="meeting_detail"),
    # Landlord
    path(L, l.dashboard, name="landlord_dashboard"),
    path(L + "export.csv", l.export_csv, name="landlord_csv"),
    path(L + "signaler/", l.referral_new, name="referral_new"),
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
    path("espace/relais/", h.consents, name="household_consents"),
    path("espace/numero/", h.confirm_phone, name="household_confirm_phone"),
    path("espace/relais/<int:pk>/accord/", h.consent_change, name="household_consent"),
]
