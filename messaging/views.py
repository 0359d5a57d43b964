"""Conversation pages (household under /espace/, staff under /partenaires/), JSON catch-up and send, downloads.

Every object is found through the user's scoped queryset: outside the scope, 404.
"""

from django.contrib import messages as flash
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from messaging import notifications, routing, services
from messaging import perms as messaging_perms
from messaging.enums import ConversationKind
from messaging.forms import MessageForm
from messaging.models import Attachment, Conversation
from portal import audit, drafts, params, phones
from portal.access import household_required, partner_area_required
from portal.enums import Party
from portal.models import User

PAGE_SIZE = 100


def draft_key(conversation):
    return drafts.key("message", conversation.pk)


def scoped_conversation(request, pk):
    return get_object_or_404(
        messaging_perms.visible_conversations(request.user).select_related("case__household", "case__programme"),
        pk=pk,
    )


def _space(request):
    return services.space_of(request.user)


def urls_for(conversation, space):
    prefix = "messaging:household_" if space == "household" else "messaging:partner_"
    return {
        "page": reverse(prefix + "conversation", args=[conversation.pk]),
        "json": reverse(prefix + "messages_json", args=[conversation.pk]),
        "ws": routing.socket_path("conversation_socket", conversation.pk),
    }


def post_from_form(conversation, user, form):
    attachment = form.cleaned_data.get("attachment")
    return services.post_message(
        conversation,
        user,
        form.cleaned_data["body"],
        form.cleaned_data["client_key"],
        files=[attachment] if attachment else (),
    )


def _phones_to_confirm(conversation, space):
    """For the association: household accounts whose number is neither verified nor yet confirmed by phone."""
    if space == "household" or not conversation.is_household:
        return []
    users = notifications.household_users(conversation.case).exclude(phone="")
    users = users.filter(phone_verified_at__isnull=True, phone_confirmed_at__isnull=True)
    return [{"id": user.pk, "phone": phones.display(user.phone)} for user in users]


def confirm_phone(request, pk):
    """A worker called the number and the person confirmed it is theirs: recorded (who, when) and audited. Replies
    may then go to it as SMS, once the household chose « réponses par SMS » (User.sms_reply_phone)."""
    conversation = scoped_conversation(request, pk)
    if request.method != "POST" or not messaging_perms.is_staff_reader(request.user, conversation):
        raise Http404
    user = get_object_or_404(
        notifications.household_users(conversation.case).exclude(phone=""), pk=params.id_param(request.POST, "personne")
    )
    User.objects.filter(pk=user.pk).update(phone_confirmed_at=timezone.now(), phone_confirmed_by=request.user)
    audit.record(request, "household.phone_confirmed_by_call", user, subject=conversation.case)
    flash.success(request, "Numéro confirmé par téléphone : c'est noté, avec votre nom et la date.")
    return redirect("messaging:partner_conversation", pk=conversation.pk)


def _sms_reply_to(conversation, space):
    """For the association's composer: the masked numbers its reply will go to as SMS text (« 06 •• •• •• 12 »)."""
    if space == "household" or not conversation.is_household:
        return []
    return [phones.masked(user.sms_reply_phone) for user in notifications.sms_reply_users(conversation.case)]


@never_cache
def conversation_page(request, pk):
    conversation = scoped_conversation(request, pk)
    space = _space(request)
    key = draft_key(conversation)
    draft_url = reverse("portal:save_draft", args=[key])
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES, draft_url=draft_url)
        if request.POST.get("action") == "draft":
            drafts.save(request.user, key, request.POST.get("body", ""))
            flash.success(request, "Brouillon enregistré. Vous pourrez l'envoyer plus tard.")
            return redirect(urls_for(conversation, space)["page"])
        if form.is_valid():
            try:
                message, created = post_from_form(conversation, request.user, form)
            except services.MessageRefused as refusal:
                form.add_error("body", refusal.message)
            else:
                drafts.clear(request.user, key)
                if not services.deliver(message, created):
                    flash.warning(request, "Message envoyé et enregistré. Les mises à jour en direct sont en pause.")
                else:
                    flash.success(request, "Message envoyé.")
                return redirect(f"{urls_for(conversation, space)['page']}#message-{message.seq}")
    else:
        form = MessageForm(initial={"body": drafts.load(request.user, key)}, draft_url=draft_url)
    conversation.refresh_from_db(fields=["last_seq"])
    show_all = request.GET.get("tout") == "1"
    first_seq = 0 if show_all else max(0, conversation.last_seq - PAGE_SIZE)
    history = services.messages_after(conversation, first_seq, limit=None if show_all else PAGE_SIZE)
    services.mark_read(conversation, request.user, conversation.last_seq)
    services.audit_read(request, request.user, conversation, "web")
    receipts = services.receipts(conversation)
    own_side = messaging_perms.side_of(request.user, conversation)
    other_read = max((seq for side, seq in receipts.items() if side != own_side), default=0)
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "case": conversation.case,
            "space": space,
            "items": [services.as_dict(m, request.user) for m in history],
            "earlier": first_seq > 0,
            "form": form,
            "urls": urls_for(conversation, space),
            "other_read": other_read,
            "own_side": own_side,
            "to_case_page": own_side == Party.ASSOCIATION,
            "sms_reply_to": _sms_reply_to(conversation, space),
            "phones_to_confirm": _phones_to_confirm(conversation, space),
            "last_own_seq": max((m.seq for m in history if m.author_id == request.user.pk), default=0),
            "coordination_offered": space != "household"
            and conversation.is_household
            and messaging_perms.cases_for(request.user, ConversationKind.COORDINATION)
            .filter(pk=conversation.case_id)
            .exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def messages_json(request, pk):
    """GET ?after=<seq>: catch-up. POST: send (the script's path when the websocket is closed, and for files)."""
    conversation = scoped_conversation(request, pk)
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)
        try:
            message, created = post_from_form(conversation, request.user, form)
        except services.MessageRefused as refusal:
            return JsonResponse({"errors": {"body": [refusal.message]}, "code": refusal.code}, status=400)
        drafts.clear(request.user, draft_key(conversation))
        live = services.deliver(message, created)
        ack = services.ack_frame(message, created, live)
        ack["message"] = services.as_dict(message, request.user)
        return JsonResponse(ack, status=201 if created else 200)
    after = params.int_param(request.GET, "after", default=0)
    return JsonResponse(services.catch_up_frame(conversation, request.user, after, request, "json"))


@require_GET
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__conversation__case").filter(
            message__conversation__in=messaging_perms.visible_conversations(request.user)
        ),
        pk=pk,
    )
    conversation = attachment.message.conversation
    audit.record(request, "messaging.attachment_downloaded", attachment, subject=conversation.case)
    extension = attachment.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"piece-jointe-{attachment.pk}.{extension}",
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


def start_thread_page(request, case, kind):
    """GET creates nothing: a thread that does not exist yet is offered, and created by the POST of this form."""
    context = {"case": case, "kind": kind, "space": _space(request)}
    context["to_case_page"] = bool(messaging_perms.association_ids(request.user))
    return render(request, "messaging/start_thread.html", context)


# Household space.
@household_required
def household_index(request):
    cases = list(messaging_perms.household_cases(request.user))
    if not cases:
        return render(request, "messaging/household_no_case.html")
    if request.method == "POST":
        conversations = [Conversation.of_case(case, ConversationKind.HOUSEHOLD) for case in cases]
    else:
        conversations = list(Conversation.objects.household().filter(case__in=cases))
        if not conversations:
            return start_thread_page(request, cases[0], ConversationKind.HOUSEHOLD)
    if len(conversations) == 1:
        return redirect("messaging:household_conversation", pk=conversations[0].pk)
    listed = services.with_unread(
        Conversation.objects.filter(pk__in=[c.pk for c in conversations]).select_related("case"), request.user
    )
    return render(request, "messaging/household_index.html", {"conversations": listed})


household_conversation = household_required(conversation_page)
household_messages_json = household_required(messages_json)
household_attachment = household_required(attachment_download)


# Partner area.
@partner_area_required
def partner_index(request):
    """Unread messages across the caseload, per case."""
    user = request.user
    kinds = (
        [ConversationKind.HOUSEHOLD, ConversationKind.COORDINATION]
        if messaging_perms.association_ids(user)
        else [ConversationKind.COORDINATION]
    )
    cases = list(messaging_perms.cases_for(user, kinds[0]).select_related("household", "referral"))
    conversations = services.with_unread(messaging_perms.visible_conversations(user), user).filter(
        case__in=[c.pk for c in cases]
    )
    by_case = {}
    for conversation in conversations:
        by_case[(conversation.case_id, conversation.kind)] = conversation
    rows = []
    for case in cases:
        threads = [
            # A coordination thread is offered only where the landlord may know of the case.
            (kind, by_case.get((case.pk, kind)), kind == ConversationKind.HOUSEHOLD or case.landlord_may_know)
            for kind in kinds
        ]
        rows.append(
            {
                "case": case,
                "threads": threads,
                "unread": sum(c.unread for _, c, _ in threads if c is not None),
                "last_message_at": max(
                    (c.last_message_at for _, c, _ in threads if c and c.last_message_at), default=None
                ),
            }
        )
    rows.sort(key=lambda row: (-row["unread"], -(row["last_message_at"].timestamp() if row["last_message_at"] else 0)))
    return render(
        request,
        "messaging/partner_index.html",
        {"rows": rows, "kinds": kinds, "total_unread": sum(row["unread"] for row in rows)},
    )


def _open_case_thread(request, case_id, kind):
    """The case's thread of this kind: GET leads to it if it exists, else offers it; POST creates it."""
    case = get_object_or_404(messaging_perms.cases_for(request.user, kind), pk=case_id)
    if request.method == "POST":
        conversation = Conversation.of_case(case, kind)
    else:
        conversation = Conversation.objects.filter(case=case, kind=kind).first()
        if conversation is None:
            return start_thread_page(request, case, kind)
    if not messaging_perms.visible_conversations(request.user).filter(pk=conversation.pk).exists():
        raise Http404
    return redirect("messaging:partner_conversation", pk=conversation.pk)


@partner_area_required
def partner_case_conversation(request, case_id):
    return _open_case_thread(request, case_id, ConversationKind.HOUSEHOLD)


@partner_area_required
def partner_case_coordination(request, case_id):
    return _open_case_thread(request, case_id, ConversationKind.COORDINATION)


partner_conversation = partner_area_required(conversation_page)
partner_confirm_phone = partner_area_required(confirm_phone)
partner_messages_json = partner_area_required(messages_json)
partner_attachment = partner_area_required(attachment_download)
