"""Conversation pages without JavaScript, the JSON endpoint, attachments, panels and scoping (404 outside)."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from casework.models import Case
from messaging.enums import ConversationKind
from messaging.models import Attachment, Message, ReadReceipt
from portal import drafts
from portal.models import AuditEvent
from tests.messaging.factories import conversation_of, household_case, write
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def page_url(conversation, space="household"):
    return reverse(f"messaging:{space}_conversation", args=[conversation.pk])


def test_household_sends_with_the_plain_form(client, household_user, conversation, worker):
    client.force_login(household_user)
    response = client.post(
        page_url(conversation), {"body": "Bonjour, j'ai reçu votre lettre.", "client_key": "f1", "action": "send"}
    )
    assert response.status_code == 302 and response.url.endswith("#message-1")
    message = Message.objects.get()
    assert message.body == "Bonjour, j'ai reçu votre lettre." and message.side == "household"
    page = client.get(page_url(conversation))
    assertContains(page, "Bonjour, j&#x27;ai reçu votre lettre.")
    assertContains(page, "Votre bailleur ne les lit pas")
    # The same form posted twice (a double click, a reload) stores one message.
    client.post(
        page_url(conversation), {"body": "Bonjour, j'ai reçu votre lettre.", "client_key": "f1", "action": "send"}
    )
    assert Message.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_household_message_counts_as_reaching_out(client, household_user, conversation):
    client.force_login(household_user)
    client.post(page_url(conversation), {"body": "Bonjour", "client_key": "r1", "action": "send"})
    assert Case.objects.get().household_reached_out_at is not None


def test_reaching_out_is_flagged_again_only_after_a_no_contact(
    household_user, conversation, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    earlier = timezone.now() - timedelta(days=3)
    Case.objects.update(household_reached_out_at=earlier)
    with django_capture_on_commit_callbacks(execute=True):
        write(conversation, household_user, "encore moi")
    assert Case.objects.get().household_reached_out_at == earlier  # already flagged: unchanged
    Case.objects.update(no_contact_at=earlier + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        write(conversation, household_user, "me revoilà")
    assert Case.objects.get().household_reached_out_at > earlier + timedelta(days=1)


def test_staff_message_does_not_count_as_reaching_out(verified_client, worker, conversation):
    verified_client(worker).post(
        page_url(conversation, "partner"), {"body": "Bonjour", "client_key": "s1", "action": "send"}
    )
    assert Case.objects.get().household_reached_out_at is None


def test_too_long_message_keeps_the_text(client, household_user, conversation):
    client.force_login(household_user)
    text = "Long " * 1001
    response = client.post(page_url(conversation), {"body": text, "client_key": "l1", "action": "send"})
    assert response.status_code == 400
    assertContains(response, "la limite est de 5000", status_code=400)
    assertContains(response, text.strip()[:200], status_code=400)
    assert not Message.objects.exists()


def test_draft_button_saves_without_javascript(client, household_user, conversation):
    client.force_login(household_user)
    client.post(page_url(conversation), {"body": "Je reprends plus tard", "client_key": "d1", "action": "draft"})
    assert drafts.load(household_user, f"message-{conversation.pk}") == "Je reprends plus tard"
    assertContains(client.get(page_url(conversation)), "Je reprends plus tard")
    client.post(page_url(conversation), {"body": "Je reprends plus tard", "client_key": "d2", "action": "send"})
    assert drafts.load(household_user, f"message-{conversation.pk}") == ""


def test_pdf_attachment_is_stored_encrypted_and_downloaded_by_participants(
    client, verified_client, household_user, worker, conversation, settings
):
    client.force_login(household_user)
    upload = SimpleUploadedFile("avis d'échéance.pdf", PDF, content_type="application/pdf")
    response = client.post(
        page_url(conversation), {"body": "Voici mon avis", "client_key": "a1", "action": "send", "attachment": upload}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "avis d'échéance.pdf"
    assert "échéance" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    with open(attachment.file.path, "rb") as raw:
        assert PDF not in raw.read()
    # Outside the static and media roots, under the private storage root.
    assert "/attachments/" in attachment.file.path and "private" in attachment.file.path
    assert not attachment.file.path.startswith((str(settings.MEDIA_ROOT), str(settings.STATIC_ROOT)))

    download = client.get(reverse("messaging:household_attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]
    staff = verified_client(worker)
    assert staff.get(reverse("messaging:partner_attachment", args=[attachment.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="messaging.attachment_downloaded").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("photo.gif", b"GIF89a" + b"\x00" * 20, "est pas accepté"),
        ("faux.pdf", b"MZ\x90\x00 this is an executable", "ne correspond pas"),
        ("image.png", PDF, "ne correspond pas"),
    ],
)
def test_refused_file_keeps_the_typed_text(client, household_user, conversation, name, content, error):
    client.force_login(household_user)
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        page_url(conversation),
        {"body": "Mon texte à garder", "client_key": "x1", "action": "send", "attachment": upload},
    )
    assert response.status_code == 400
    assertContains(response, error, status_code=400)
    assertContains(response, "Mon texte à garder", status_code=400)
    assert not Message.objects.exists() and not Attachment.objects.exists()


def test_file_over_ten_megabytes_is_refused(client, household_user, conversation):
    client.force_login(household_user)
    big = SimpleUploadedFile("gros.png", PNG + b"\x00" * (10 * 1024 * 1024), content_type="image/png")
    response = client.post(page_url(conversation), {"body": "gros", "client_key": "g1", "attachment": big})
    assertContains(response, "dépasse 10 Mo", status_code=400)


def test_json_catch_up_and_send(client, household_user, worker, conversation):
    for n in range(3):
        write(conversation, worker, f"m{n}")
    client.force_login(household_user)
    url = reverse("messaging:household_messages_json", args=[conversation.pk])
    data = client.get(url, {"after": 1}).json()
    assert [m["seq"] for m in data["messages"]] == [2, 3] and data["last_seq"] == 3
    sent = client.post(url, {"body": "par HTTP", "client_key": "h1"})
    assert sent.status_code == 201 and sent.json()["seq"] == 4 and sent.json()["live"] is True
    again = client.post(url, {"body": "par HTTP", "client_key": "h1"})
    assert again.status_code == 200 and again.json()["duplicate"] is True
    refused = client.post(url, {"body": "y" * 5001, "client_key": "h2"})
    assert refused.status_code == 400 and "5000" in refused.json()["errors"]["body"][0]


def test_page_marks_read_and_staff_read_is_audited(verified_client, worker, household_user, conversation):
    write(conversation, household_user, "bonjour")
    staff = verified_client(worker)
    staff.get(page_url(conversation, "partner"))
    assert ReadReceipt.objects.get(user=worker, conversation=conversation).last_read_seq == 1
    event = AuditEvent.objects.get(action="messaging.conversation_read")
    assert event.actor == worker and event.subject_key == f"casework.case:{conversation.case_id}"
    assert "bonjour" not in str(event.extra)


def test_household_page_read_is_not_a_staff_audit(client, household_user, conversation):
    client.force_login(household_user)
    client.get(page_url(conversation))
    assert not AuditEvent.objects.filter(action="messaging.conversation_read").exists()


def test_landlord_never_reaches_the_household_conversation(
    verified_client, landlord_referent, conversation, household_user
):
    message = write(conversation, household_user, "confidentiel")
    staff = verified_client(landlord_referent)
    assert staff.get(page_url(conversation, "partner")).status_code == 404
    assert staff.get(reverse("messaging:partner_messages_json", args=[conversation.pk])).status_code == 404
    assert staff.get(reverse("messaging:partner_case_conversation", args=[conversation.case_id])).status_code == 404
    assert message.pk


def test_landlord_opens_the_coordination_thread_with_its_notice(verified_client, landlord_referent, case):
    staff = verified_client(landlord_referent)
    url = reverse("messaging:partner_case_coordination", args=[case.pk])
    assertContains(staff.get(url), "Commencer le fil")  # GET offers the thread, creates nothing
    response = staff.post(url, follow=True)
    assertContains(response, "il fait partie de ses données")
    assertContains(response, "export")


def test_household_cannot_see_the_coordination_thread(client, household_user, coordination):
    client.force_login(household_user)
    assert client.get(page_url(coordination)).status_code == 404


def test_other_association_gets_404(verified_client, conversation):
    other = OrganisationFactory(name="Autre association")
    stranger = MembershipFactory(organisation=other).user
    staff = verified_client(stranger)
    assert staff.get(page_url(conversation, "partner")).status_code == 404
    assert staff.get(reverse("messaging:partner_case_conversation", args=[conversation.case_id])).status_code == 404


def test_attachment_outside_scope_is_404(client, verified_client, household_user, landlord_referent, conversation):
    client.force_login(household_user)
    client.post(
        page_url(conversation),
        {"body": "doc", "client_key": "z1", "attachment": SimpleUploadedFile("a.pdf", PDF)},
    )
    attachment = Attachment.objects.get()
    assert (
        verified_client(landlord_referent)
        .get(reverse("messaging:partner_attachment", args=[attachment.pk]))
        .status_code
        == 404
    )


def test_household_index_redirects_to_its_conversation(client, household_user, case):
    client.force_login(household_user)
    assertContains(client.get(reverse("messaging:household_index")), "Écrire à l'association")
    response = client.post(reverse("messaging:household_index"))
    conversation = conversation_of(case)
    assert response.url == page_url(conversation)
    assert client.get(reverse("messaging:household_index")).url == page_url(conversation)


def test_household_panel_shows_unread_count(client, household_user, worker, conversation):
    write(conversation, worker, "un")
    write(conversation, worker, "deux")
    client.force_login(household_user)
    response = client.get(reverse("portal:household_home"))
    assertContains(response, "2 nouveaux messages")
    assert "Votre bailleur n'y a pas accès" in response.content.decode().replace("&#x27;", "'")


def test_partner_panel_and_caseload_show_unread_per_case(
    verified_client, worker, household_user, association, landlord, django_assert_num_queries
):
    cases = [household_case(association, landlord) for _ in range(3)]
    for index, case in enumerate(cases):
        conversation = conversation_of(case)
        for n in range(index + 1):
            write(conversation, worker if n == 0 else household_user_for(case), f"m{n}")
    staff = verified_client(worker)
    home = staff.get(reverse("portal:partner_home"))
    assertContains(home, "3 messages non lus")
    # Each thread named by its case and its household, as on the messages page: « Dossier 8 — ménage » said little.
    assertContains(home, f"Dossier {cases[2].pk} — {cases[2].household} · ménage")
    staff.get(reverse("messaging:partner_index"))  # warm the session
    with django_assert_num_queries(11):
        response = staff.get(reverse("messaging:partner_index"))
    assertContains(response, "2 non lus")
    assertContains(response, "1 non lu")


def household_user_for(case):
    from casework.models import HouseholdMember
    from tests.portal.factories import UserFactory

    member = case.household.members.filter(user__isnull=False).first()
    if member is None:
        member = HouseholdMember.objects.create(
            household=case.household, user=UserFactory(), first_name="A", last_name="B"
        )
    return member.user


def test_caseload_query_count_does_not_grow(verified_client, worker, association, landlord, django_assert_num_queries):
    staff = verified_client(worker)
    for _ in range(2):
        write(conversation_of(household_case(association, landlord)), worker, "x")
    staff.get(reverse("messaging:partner_index"))
    with django_assert_num_queries(11):
        staff.get(reverse("messaging:partner_index"))
    for _ in range(4):
        write(conversation_of(household_case(association, landlord), ConversationKind.COORDINATION), worker, "x")
    with django_assert_num_queries(11):
        staff.get(reverse("messaging:partner_index"))


@pytest.mark.django_db(transaction=True)
def test_notification_mail_is_discreet_and_throttled(client, household_user, worker, case, conversation):
    case.assigned_worker = worker
    case.save()
    client.force_login(household_user)
    for n in range(3):
        client.post(page_url(conversation), {"body": f"Monsieur Dupont, impayé de 1200 € n°{n}", "client_key": f"n{n}"})
    notices = message_notices()
    assert len(notices) == 1
    sent = notices[0]
    assert sent.to == [worker.email] and sent.subject == "Nouveau message"
    assert "nouveau message" in sent.body and f"/partenaires/messages/{conversation.pk}/" in sent.body
    for word in ("Dupont", "1200", "impayé", household_user.last_name, household_user.first_name):
        assert word not in sent.body and word not in sent.subject


def message_notices():
    # casework also tells the association, once, that the household reached out: not counted here.
    return [m for m in mail.outbox if m.subject in ("Nouveau message", "Nouveaux messages")]


@pytest.mark.django_db(transaction=True)
def test_notification_after_quiet_period_and_preferences(
    client, household_user, worker, case, conversation, time_machine
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    case.assigned_worker = worker
    case.save()
    write(conversation, household_user, "un")
    time_machine.shift(timedelta(minutes=16))
    write(conversation, household_user, "deux")
    assert len(message_notices()) == 2

    household_user.message_notifications = "none"
    household_user.save()
    write(conversation, worker, "réponse")
    assert len(message_notices()) == 2

    household_user.message_notifications = "daily"
    household_user.save()
    write(conversation, worker, "réponse 2")
    write(conversation, worker, "réponse 3")
    assert len(message_notices()) == 2
    out = io.StringIO()
    call_command("send_message_digests", stdout=out)
    assert len(message_notices()) == 3 and message_notices()[2].to == [household_user.email]
    assert "/espace/messages/" in message_notices()[2].body and "réponse" not in message_notices()[2].body
    call_command("send_message_digests", stdout=out)
    assert len(message_notices()) == 3


def test_unconfirmed_household_can_already_write(client, association, landlord):
    from tests.portal.factories import UserFactory

    newcomer = UserFactory()
    case = household_case(association, landlord, newcomer)
    client.force_login(newcomer)
    response = client.post(page_url(conversation_of(case)), {"body": "Bonjour", "client_key": "u1"})
    assert response.status_code == 302


def test_landlord_page_hides_nothing_it_should_not_see(verified_client, landlord_referent, case, household_user):
    write(conversation_of(case), household_user, "SECRET-MENAGE")
    response = verified_client(landlord_referent).get(reverse("messaging:partner_index"))
    assertNotContains(response, "SECRET-MENAGE")
    assertNotContains(response, "Conversation avec le ménage")


def test_empty_message_gets_a_clear_error(client, household_user, conversation):
    client.force_login(household_user)
    response = client.post(page_url(conversation), {"body": "  ", "client_key": "e1", "action": "send"})
    assertContains(response, "Écrivez un message", status_code=400)
    assert not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_busy_conversation_queues_one_notification_task_at_a_time(settings, household_user, worker, conversation):
    """With the production queue, a burst of messages leaves one waiting task per conversation and side; once it
    has run, the next message queues one again."""
    from django_tasks_db.models import DBTaskResult

    from messaging.notifications import notify_new_message

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = write(conversation, household_user, "un")
    write(conversation, household_user, "deux")
    write(conversation, household_user, "trois")
    assert list(DBTaskResult.objects.values_list("args_kwargs", flat=True)) == [{"args": [first.pk], "kwargs": {}}]
    write(conversation, worker, "réponse")  # the other side: its own task
    assert DBTaskResult.objects.count() == 2
    notify_new_message.call(first.pk)  # as the worker would run it
    assert len(message_notices()) == 1
    write(conversation, household_user, "quatre")
    assert DBTaskResult.objects.count() == 3


REDIS_DOWN = {"default": {"BACKEND": "portal.resilience.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.mark.django_db(transaction=True)
def test_sends_answer_stored_when_the_cache_is_down(client, settings, household_user, worker, case, conversation):
    """Redis refusing connections: the message is stored, so both send paths say so; the notification still goes."""
    case.assigned_worker = worker
    case.save()
    settings.CACHES = REDIS_DOWN
    client.force_login(household_user)
    url = reverse("messaging:household_messages_json", args=[conversation.pk])
    sent = client.post(url, {"body": "par HTTP, Redis absent", "client_key": "down-1"})
    assert sent.status_code == 201 and sent.json()["seq"] == 1
    posted = client.post(page_url(conversation), {"body": "formulaire, Redis absent", "client_key": "down-2"})
    assert posted.status_code == 302 and posted.url.endswith("#message-2")
    assert Message.objects.count() == 2
    # Without the shared claim the notification task still runs; its own database claim keeps it to one mail.
    assert len(message_notices()) == 1
