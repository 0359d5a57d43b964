"""Parameters agreed and versioned (issue 23): the coordinator proposes, the landlord's referent accepts what binds
it, every version is kept, and a case keeps the version in force when it was referred."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework import deadlines, versions
from casework.models import Case, ProgrammeVersion
from portal.enums import Role
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.casework.test_services import make_case
from tests.conftest import verify_client
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def page(programme):
    return reverse("casework:programme_parameters", kwargs={"pk": programme.pk})


def proposal(programme, **changes):
    data = {
        "contact_deadline_days": programme.contact_deadline_days,
        "warning_days": programme.warning_days,
        "communes_text": "\n".join(programme.communes),  # codes INSEE, as typed
        "max_months_since_move_in": programme.max_months_since_move_in,
        "min_arrears_months": programme.min_arrears_months,
        "repayment_tolerance": programme.repayment_tolerance,
        "expected_support_months": programme.expected_support_months,
        "yearly_capacity": programme.yearly_capacity,
        "letterhead": programme.letterhead,
        "reason": "Les ménages répondent tard en été.",
    }
    data.update(changes)
    return data


def test_after_a_change_to_45_days_new_referrals_get_45_and_older_cases_keep_30(
    client, programme, coordinator, landlord_referent
):
    today = timezone.localdate()
    older = make_case(programme, landlord_referent, lease_reference="OLD-1")
    unversioned = CaseFactory(programme=programme)  # made before versions existed: frozen at acceptance
    verify_client(client, coordinator)
    client.post(page(programme), proposal(programme, contact_deadline_days=45, warning_days=12, repayment_tolerance=50))
    version = versions.pending(programme)
    programme.refresh_from_db()
    assert programme.contact_deadline_days == 30  # not before the landlord accepts
    assert make_case(programme, landlord_referent, lease_reference="MID-1").deadline == today + timedelta(days=30)
    verify_client(client, landlord_referent)
    client.post(reverse("casework:answer_parameters", args=[programme.pk, version.pk]), {"decision": "accept"})
    programme.refresh_from_db()
    assert programme.contact_deadline_days == 45
    new = make_case(programme, landlord_referent, lease_reference="NEW-1")
    assert new.deadline == today + timedelta(days=45) and new.terms == version
    for case in (Case.objects.get(pk=older.pk), Case.objects.get(pk=unversioned.pk)):
        assert case.parameters.contact_deadline_days == 30
        assert case.parameters.repayment_tolerance == Decimal(20)
        assert deadlines.warning_starts_on(case.parameters, case.deadline) == case.deadline - timedelta(days=9)
    assert older.deadline == today + timedelta(days=30)
    # The warning period of the older case still starts 9 days before its deadline, in the page and the filter.
    ten_days_before, nine_days_before = older.deadline - timedelta(days=10), older.deadline - timedelta(days=9)
    older = Case.objects.get(pk=older.pk)
    assert not deadlines.in_warning(older, ten_days_before) and deadlines.in_warning(older, nine_days_before)
    assert older not in Case.objects.in_warning(ten_days_before)
    assert older in Case.objects.in_warning(nine_days_before)
    new = Case.objects.get(pk=new.pk)
    assert new in Case.objects.in_warning(new.deadline - timedelta(days=12))
    assert new not in Case.objects.in_warning(new.deadline - timedelta(days=13))


def test_every_version_is_kept_with_who_when_old_new_and_why(client, programme, coordinator, landlord_referent):
    verify_client(client, coordinator)
    client.post(page(programme), proposal(programme, contact_deadline_days=45, communes_text="Orléans\nOlivet (45)"))
    version = versions.pending(programme)
    versions.accept(version, landlord_referent)
    version.refresh_from_db()
    assert version.number == 2 and version.proposed_by == coordinator and version.accepted_by == landlord_referent
    assert version.changes == {
        "contact_deadline_days": ["30", "45"],
        "communes": [
            "Orléans (45), Saint-Jean-de-Braye (45), Fleury-les-Aubrais (45)",
            "Orléans (45), Olivet (45)",
        ],
    }
    assert version.reason == "Les ménages répondent tard en été." and version.accepted_at is not None
    first = ProgrammeVersion.objects.get(programme=programme, number=1)
    assert first.contact_deadline_days == 30
    text = client.get(page(programme)).content.decode()
    assert "Délai de contact (jours) : 30 → 45" in text and "Version 1" in text


def test_only_the_last_accepted_version_reads_in_force(client, programme, coordinator, landlord_referent):
    versions.accept(versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été"), landlord_referent)
    versions.accept(versions.propose(programme, coordinator, {"warning_days": 12}, "Alerte"), landlord_referent)
    verify_client(client, coordinator)
    text = " ".join(client.get(page(programme)).content.decode().split())
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"<strong>Version 3</strong> — en vigueur depuis le {today}" in text
    assert f"<strong>Version 2</strong> — en vigueur du {today} au {today}, remplacée par la version 3" in text
    assert f"<strong>Version 1</strong> — en vigueur du {today} au {today}, remplacée par la version 2" in text
    assert text.count("— en vigueur depuis") == 1


def test_values_read_in_french_in_force_and_in_the_history(client, programme, coordinator):
    """« 20 → 50 » and « 2 → 2,5 », never « 20.00 → 50 » or « 2.0 »: the same words on both pages."""
    verify_client(client, coordinator)
    client.post(page(programme), proposal(programme, repayment_tolerance="50", min_arrears_months="2.5"))
    assert versions.pending(programme).changes == {
        "min_arrears_months": ["2", "2,5"],
        "repayment_tolerance": ["20", "50"],
    }
    text = client.get(page(programme)).content.decode()
    assert "Tolérance du plan d&#x27;apurement (€) : 20 → 50" in text
    assert "<strong>20.00" not in text and "<strong>2.0<" not in text and "<strong>8000.00" not in text
    assert "<strong>8\u202f000</strong>" in text


def test_both_sides_are_told_of_a_proposal_and_of_its_acceptance(programme, coordinator, landlord_referent):
    version = versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été")
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted([coordinator.email, landlord_referent.email])
    versions.accept(version, landlord_referent)
    assert len(mail.outbox) == 2 and sorted(mail.outbox[-1].to) == told
    assert "Les paramètres du programme ont changé." in mail.outbox[-1].subject


def test_wording_takes_effect_at_once(programme, coordinator):
    version = versions.propose(programme, coordinator, {"letterhead": "Nouvel en-tête"}, "Adresse changée")
    programme.refresh_from_db()
    assert programme.letterhead == "Nouvel en-tête"
    assert version.is_accepted and version.accepted_by == coordinator and versions.pending(programme) is None


def test_a_declined_proposal_changes_nothing_and_is_kept(programme, coordinator, landlord_referent):
    version = versions.propose(programme, coordinator, {"yearly_capacity": 40}, "Plus de ménages")
    versions.decline(version, landlord_referent)
    programme.refresh_from_db()
    assert programme.yearly_capacity == 20 and version.declined_by == landlord_referent
    with pytest.raises(versions.VersionError):
        versions.accept(version, landlord_referent)


def test_one_proposal_at_a_time_and_nothing_unchanged(programme, coordinator):
    with pytest.raises(versions.VersionError, match="Aucun paramètre ne change"):
        versions.propose(programme, coordinator, {"contact_deadline_days": 30}, "Rien")
    versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été")
    with pytest.raises(versions.VersionError, match="attend déjà"):
        versions.propose(programme, coordinator, {"warning_days": 5}, "Autre")


def test_while_a_proposal_waits_the_coordinator_is_told_rather_than_offered_a_form_in_vain(
    client, programme, coordinator
):
    verify_client(client, coordinator)
    versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été")
    response = client.get(page(programme))
    assert response.context["form"] is None
    assert "quand le bailleur aura répondu à celle-ci" in response.content.decode()
    racing = client.post(page(programme), proposal(programme, warning_days=5))  # opened before, sent after
    assert racing.context["form"].non_field_errors() == ["Une proposition attend déjà la réponse du bailleur."]
    assert racing.context["form"]["warning_days"].value() == "5"


@pytest.mark.parametrize("decision", [None, "", "oui", "ACCEPT"])
def test_an_answer_without_a_known_decision_answers_nothing(
    client, programme, coordinator, landlord_referent, decision
):
    version = versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été")
    verify_client(client, landlord_referent)
    url = reverse("casework:answer_parameters", args=[programme.pk, version.pk])
    response = client.post(url, {} if decision is None else {"decision": decision}, follow=True)
    assert response.status_code == 200 and "Choisissez « Accepter ces paramètres » ou « Refuser »." in (
        response.content.decode()
    )
    assert versions.pending(programme) == version  # neither declined nor accepted


@pytest.mark.parametrize(
    ("field", "value"),
    [("communes_text", "zzzz"), ("warning_days", "abc"), ("min_arrears_months", "1e400"), ("reason", "x" * 5000)],
)
def test_hostile_proposals_are_form_errors_never_500(client, programme, coordinator, field, value):
    verify_client(client, coordinator)
    response = client.post(page(programme), {**proposal(programme, contact_deadline_days=45), field: value})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert versions.pending(programme) is None


def test_the_home_page_tells_the_referent_his_answer_is_awaited(client, programme, coordinator, landlord_referent):
    versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été")
    verify_client(client, landlord_referent)
    assert "Votre réponse est attendue" in client.get(reverse("portal:partner_home")).content.decode()
    verify_client(client, coordinator)
    home = client.get(reverse("portal:partner_home")).content.decode()
    assert "Proposition en attente" in home and "Votre réponse est attendue" not in home


def test_a_landlord_cannot_propose(client, programme, landlord_referent):
    verify_client(client, landlord_referent)
    assert client.get(page(programme)).context["form"] is None  # no proposal form to fill
    response = client.post(page(programme), proposal(programme, contact_deadline_days=45))
    assert response.status_code == 404  # as a coordinator answering her own proposal: not her action
    assert versions.pending(programme) is None
    programme.refresh_from_db()
    assert programme.contact_deadline_days == 30


def test_a_worker_reads_the_parameters_but_cannot_propose(client, programme, worker):
    verify_client(client, worker)
    assert client.get(page(programme)).status_code == 200
    assert client.post(page(programme), proposal(programme, contact_deadline_days=45)).status_code == 404
    assert versions.pending(programme) is None


def test_the_coordinator_cannot_accept_her_own_proposal(client, programme, coordinator):
    version = versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été")
    verify_client(client, coordinator)
    url = reverse("casework:answer_parameters", args=[programme.pk, version.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert versions.pending(programme) == version


@pytest.mark.parametrize(("field", "value"), [("contact_deadline_days", "0"), ("contact_deadline_days", "3000")])
def test_a_proposal_out_of_bounds_is_refused_next_to_the_field(client, programme, coordinator, field, value):
    verify_client(client, coordinator)
    response = client.post(page(programme), proposal(programme, **{field: value}))
    assert field in response.context["form"].errors
    assert versions.pending(programme) is None


def test_a_coordinator_of_another_programme_gets_404(client, programme):
    other = ProgrammeFactory()
    stranger = MembershipFactory(organisation=other.association, role=Role.COORDINATOR).user
    verify_client(client, stranger)
    assert client.get(page(programme)).status_code == 404
    assert client.post(page(programme), proposal(programme, contact_deadline_days=45)).status_code == 404


def test_the_same_letterhead_sent_with_browser_line_ends_is_no_change(client, programme, coordinator):
    programme.letterhead = "Programme\nOrléans"
    programme.save()
    verify_client(client, coordinator)
    client.post(page(programme), proposal(programme, letterhead="Programme\r\nOrléans", contact_deadline_days=45))
    assert list(versions.pending(programme).changes) == ["contact_deadline_days"]


def test_a_referent_of_another_landlord_cannot_answer(client, programme, coordinator):
    from portal.enums import Role
    from tests.portal.factories import MembershipFactory

    version = versions.propose(programme, coordinator, {"contact_deadline_days": 45}, "Été")
    stranger = MembershipFactory(organisation=ProgrammeFactory().landlord, role=Role.LANDLORD_REFERENT).user
    verify_client(client, stranger)
    url = reverse("casework:answer_parameters", args=[programme.pk, version.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert versions.pending(programme) == version
