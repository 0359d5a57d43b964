"""Appointment pages: the household's under /espace/rendez-vous/, the staff's under /partenaires/rendez-vous/,
and the private calendar feed (token-checked, no session)."""

from datetime import time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appointments import ics, perms, services, week, wording
from appointments.enums import AppointmentKind, Place, Status
from appointments.forms import (
    AbsenceForm,
    ExceptionForm,
    MoveForm,
    ReasonForm,
    SlotChoiceForm,
    StaffAppointmentForm,
    WindowForm,
)
from appointments.models import (
    Absence,
    Appointment,
    AppointmentType,
    AvailabilityException,
    AvailabilityWindow,
    CalendarFeed,
)
from appointments.slots import free_slots, slots_by_day
from portal import audit, params
from portal import perms as portal_perms
from portal.access import household_required, partner_area_required
from portal.enums import Party
from portal.links import absolute
from portal.models import User

DAYS_SHOWN = 7
HOUSEHOLD_STEP = timedelta(hours=1)  # on the hour: fewer, clearer choices on a phone
FEED_PAST_DAYS = 60


# ---------------------------------------------------------------- household side


def household_type_for(case):
    """The first interview until one was held or is booked, then follow-ups."""
    had_first = case.appointments.filter(
        type__kind=AppointmentKind.FIRST_INTERVIEW, status__in=(Status.BOOKED, Status.DONE)
    ).exists()
    return AppointmentType.for_kind(AppointmentKind.FOLLOW_UP if had_first else AppointmentKind.FIRST_INTERVIEW)


@household_required
def household_list(request):
    appointments = list(
        perms.household_appointments(request.user)
        .select_related("association", "partner", "type")
        .order_by("starts_at")
    )
    now = timezone.now()
    upcoming = [a for a in appointments if a.status in (Status.PROPOSED, Status.BOOKED) and a.ends_at > now]
    past = [a for a in reversed(appointments) if a not in upcoming]
    return render(
        request,
        "appointments/household_list.html",
        {"upcoming": upcoming, "past": past, "can_book": perms.household_case(request.user) is not None},
    )


def _household_appointment(request, pk):
    return get_object_or_404(
        perms.household_appointments(request.user).select_related("association", "partner", "type", "case__programme"),
        pk=pk,
    )


@household_required
def household_detail(request, pk):
    appointment = _household_appointment(request, pk)
    rules = services.rules_for(appointment.case)
    can_change = appointment.status == Status.BOOKED and appointment.starts_at - timezone.now() >= timedelta(
        hours=rules.notice_hours
    )
    return render(
        request,
        "appointments/household_detail.html",
        {
            "appointment": appointment,
            "place_text": wording.place_text(appointment),
            "with_text": wording.household_with(appointment),
            "purpose": wording.HOUSEHOLD_PURPOSE.get(appointment.type.kind, ""),
            "home_address": _home_address(request.user, appointment),
            "can_change": can_change,
            "rules": rules,
            "reason_form": ReasonForm(),
        },
    )


def _home_address(user, appointment):
    """A home visit recalls the household's own address, once its identity is confirmed (the household's key)."""
    if appointment.place != Place.HOME or not portal_perms.household_confirmed(user):
        return ""
    tenancy = appointment.case.referral.tenancy
    return f"{tenancy.address}, {tenancy.postcode} {tenancy.commune}"


@household_required
def household_ics(request, pk):
    """« Ajouter à mon agenda »: the appointment as a .ics file, in the discreet wording of every notification."""
    appointment = _household_appointment(request, pk)
    if appointment.status not in (Status.PROPOSED, Status.BOOKED):
        raise Http404
    response = HttpResponse(
        ics.download(appointment, wording.household_url(appointment)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="rendez-vous.ics"'
    return response


def _week_start(value, today):
    # A week far in the future is as hostile as a malformed one: slots are computed a year ahead at most.
    return week.parse_day(value, today, earliest=today, latest=today + timedelta(days=366))


def _household_submit(request, case, appointment, appointment_type, worker_ids, form):
    """The household's chosen slot booked, or its appointment moved there: (the appointment, []) with a message,
    or (None, the next free slots) with the refusal next to the slot."""
    try:
        if appointment is None:
            booked = services.book(
                case=case,
                appointment_type=appointment_type,
                starts_at=form.cleaned_data["slot"],
                place=form.cleaned_data["place"],
                actor=request.user,
                actor_kind=Party.HOUSEHOLD,
                worker_ids=worker_ids,
                request=request,
            )
            messages.success(request, "Votre rendez-vous est confirmé. Un e-mail de confirmation vous est envoyé.")
        else:
            booked = services.move(
                appointment,
                starts_at=form.cleaned_data["slot"],
                place=form.cleaned_data["place"],
                actor=request.user,
                actor_kind=Party.HOUSEHOLD,
                request=request,
            )
            messages.success(request, "Votre rendez-vous est déplacé. Un e-mail de confirmation vous est envoyé.")
    except services.BookingError as error:
        _add_booking_error(form, error, slot_field="slot")
        return None, error.next_slots
    return booked, []


def _booking_window(week_start, today, now, rules):
    """The moments of the week shown that the household may book: from the minimum notice, up to the last day
    the programme allows. Returns (start, end, last day)."""

    def midnight(day):
        return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))

    window_start = max(midnight(week_start), now, now + timedelta(hours=rules.min_booking_hours))
    last_day = today + timedelta(days=rules.max_booking_days)
    window_end = min(midnight(week_start + timedelta(days=DAYS_SHOWN)), midnight(last_day + timedelta(days=1)))
    return window_start, window_end, last_day


def _slot_page(request, case, appointment=None):
    """Booking and moving share one page: a place, then a slot among the team's or the worker's free ones."""
    appointment_type = appointment.type if appointment else household_type_for(case)
    worker_ids = services.candidate_worker_ids(case)
    if appointment is not None and case.assigned_worker_id:
        worker_ids = [appointment.worker_id]
    rules = services.rules_for(case)
    now = timezone.now()
    today = timezone.localdate()
    initial = {"place": appointment.place} if appointment else {}
    navigating = request.method == "POST" and "aller" in request.POST
    if navigating:
        # Another week is not a submission: the place chosen is kept, no error is shown (nor left from before).
        initial = {"place": request.POST.get("place") or initial.get("place")}
    data = request.POST if request.method == "POST" and not navigating else None
    form = SlotChoiceForm(data, appointment_type=appointment_type, initial=initial)
    week_value = request.POST.get("aller") or request.POST.get("week") or request.GET.get("du")
    week_start = _week_start(week_value, today)
    next_slots = []
    if request.method == "POST" and not navigating and form.is_valid():
        booked, next_slots = _household_submit(request, case, appointment, appointment_type, worker_ids, form)
        if booked is not None:
            return redirect("appointments:household_detail", pk=booked.pk)
    window_start, window_end, last_day = _booking_window(week_start, today, now, rules)
    slots = (
        free_slots(worker_ids, appointment_type.duration, window_start, window_end, step=HOUSEHOLD_STEP)
        if window_end > window_start
        else []
    )
    if not slots and not next_slots:
        next_slots = services.next_free_slots(
            worker_ids, appointment_type, window_start, exclude_appointment=appointment
        )
    chosen = request.POST.get("slot", "")
    return render(
        request,
        "appointments/household_book.html",
        {
            "form": form,
            "appointment": appointment,
            "appointment_type": appointment_type,
            "days": slots_by_day(slots),
            "next_slots": next_slots,
            "chosen": chosen,
            "week_start": week_start,
            "week_end": week_start + timedelta(days=DAYS_SHOWN - 1),
            "previous_week": (week_start - timedelta(days=DAYS_SHOWN)) if week_start > today else None,
            "next_week": (week_start + timedelta(days=DAYS_SHOWN))
            if week_start + timedelta(days=DAYS_SHOWN) <= last_day
            else None,
            "association": case.programme.association,
        },
        status=200,
    )


@household_required
@never_cache
def household_book(request):
    case = perms.household_case(request.user)
    if case is None:
        # Every case closed: a page that says so and whom to call, never a dead link (the panel's old link too).
        closed = perms.household_cases(request.user).select_related("programme__association").order_by("-created_at")
        last = closed.first()
        if last is None:
            raise Http404
        return render(request, "appointments/household_closed.html", {"association": last.programme.association})
    upcoming = perms.household_appointments(request.user).upcoming().first()
    if upcoming is not None:
        messages.info(
            request, "Vous avez déjà un rendez-vous à venir. Vous pouvez le déplacer si l'horaire ne convient plus."
        )
        return redirect("appointments:household_detail", pk=upcoming.pk)
    return _slot_page(request, case)


@household_required
@never_cache
def household_move(request, pk):
    appointment = _household_appointment(request, pk)
    if appointment.status != Status.BOOKED:
        # An old link to a cancelled, held or proposed appointment: nothing to move, said next to it.
        messages.error(request, "Ce rendez-vous ne peut pas être déplacé : il n'est pas (ou plus) confirmé.")
        return redirect("appointments:household_detail", pk=pk)
    try:
        services.check_notice(appointment, timezone.now())
    except services.BookingError as error:
        messages.error(request, error.message)
        return redirect("appointments:household_detail", pk=pk)
    return _slot_page(request, appointment.case, appointment)


def _cancel_page(request, appointment, *, actor_kind, done_message, done_url, template, context=None):
    """Household and staff cancel the same way: an optional reason, the notice checked by the service."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(
                appointment,
                actor=request.user,
                actor_kind=actor_kind,
                reason=form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, done_message)
            return redirect(done_url)
        except services.BookingError as error:
            form.add_error(None, error.message)
    return render(request, template, {"appointment": appointment, "form": form, **(context or {})})


def _add_booking_error(form, error, slot_field="time"):
    """Put a service refusal next to the field it is about (the slot's is the time field on staff forms)."""
    field = slot_field if error.field == "slot" else (None if error.field == "__all__" else error.field)
    form.add_error(field if field in form.fields or field is None else None, error.message)


@household_required
def household_cancel(request, pk):
    appointment = _household_appointment(request, pk)
    return _cancel_page(
        request,
        appointment,
        actor_kind=Party.HOUSEHOLD,
        done_message="Votre rendez-vous est annulé. Vous pouvez en prendre un autre quand vous voulez.",
        done_url=reverse("appointments:household_list"),
        template="appointments/household_cancel.html",
        context={"place_text": wording.place_text(appointment)},
    )


@household_required
@require_POST
def household_accept(request, pk):
    appointment = _household_appointment(request, pk)
    try:
        services.accept(appointment, actor=request.user, request=request)
        messages.success(request, "Merci, le rendez-vous est confirmé.")
    except services.BookingError as error:
        messages.error(request, error.message)
    return redirect("appointments:household_detail", pk=pk)


@household_required
def household_decline(request, pk):
    appointment = _household_appointment(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline(appointment, actor=request.user, reason=form.cleaned_data["reason"], request=request)
            messages.success(request, "C'est noté. Choisissez maintenant un créneau qui vous convient.")
            return redirect("appointments:household_book")
        except services.BookingError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "appointments/household_decline.html",
        {"appointment": appointment, "place_text": wording.place_text(appointment), "form": form},
    )


# ---------------------------------------------------------------- staff side


def _staff_appointment(request, pk):
    return get_object_or_404(perms.staff_appointments(request.user).select_related(*AGENDA_RELATED), pk=pk)


def _managed_appointment(request, pk):
    appointment = _staff_appointment(request, pk)
    if not perms.can_manage(request.user, appointment):
        raise Http404
    return appointment


AGENDA_RELATED = ("association", "partner", "type", "worker", "case__household", "case__referral__tenancy")


def agenda_rows(user, appointments):
    """Each appointment with what this reader may see of it: the household's name and the place in full for the
    association's own members (perms.can_manage), the place as place_line for a participant, nothing more."""
    rows = []
    for appointment in appointments:
        manages = perms.can_manage(user, appointment)
        appointment.manages = manages
        appointment.household_name = appointment.case.household.display_name if manages else ""
        appointment.place_detail = wording.staff_place(appointment, manages=manages)
        appointment.place_link = wording.staff_place_link(appointment, manages=manages)
        rows.append(appointment)
    return rows


def _agenda_scope(request, appointments, is_member, scope):
    if is_member and scope == "moi":
        return appointments.filter(worker=request.user) | perms.staff_appointments(request.user).for_participant(
            request.user
        )
    return appointments


@partner_area_required
def staff_agenda(request):
    """The week grid (?semaine=, ?dossier= to book a free half-hour for that case) above the list to come."""
    scope = request.GET.get("vue", "moi")
    is_member = bool(perms.association_ids(request.user))
    visible = _agenda_scope(request, perms.staff_appointments(request.user), is_member, scope)
    visible = visible.select_related(*AGENDA_RELATED).prefetch_related("case__household__members")
    now = timezone.now()
    monday = week.monday_of(request.GET.get("semaine"), timezone.localdate())
    week_start, week_end = week.week_bounds(monday)
    in_week = visible.filter(
        starts_at__gte=week_start,
        starts_at__lt=week_end,
        status__in=(Status.PROPOSED, Status.BOOKED, Status.DONE),
    )
    booking_case = None
    if (case_id := params.id_param(request.GET, "dossier")) is not None:
        booking_case = get_object_or_404(perms.association_cases(request.user).select_related("household"), pk=case_id)
    worker_ids = [] if not is_member else ([request.user.pk] if scope == "moi" else None)
    if worker_ids is None:
        worker_ids = services.team_worker_ids(perms.association_ids(request.user)[0])
    return render(
        request,
        "appointments/staff_agenda.html",
        {
            "appointments": agenda_rows(request.user, visible.upcoming().order_by("starts_at")[:200]),
            "week": week.build(monday, agenda_rows(request.user, in_week), worker_ids, now=now),
            "booking_case": booking_case,
            "scope": scope,
            "is_member": is_member,
        },
    )


@partner_area_required
def staff_detail(request, pk):
    appointment = _staff_appointment(request, pk)
    manage = perms.can_manage(request.user, appointment)
    if manage:
        audit.record(request, "appointment.viewed", appointment, subject=appointment.case)
    return render(
        request,
        "appointments/staff_detail.html" if manage else "appointments/participant_detail.html",
        {
            "appointment": appointment,
            "place_text": wording.place_text(appointment),
            "place_detail": wording.staff_place(appointment, manages=manage),
            "place_link": wording.staff_place_link(appointment, manages=manage),
            "participants": appointment.participants.select_related("user", "organisation"),
            "history": appointment.history.select_related("actor") if manage else [],
            "reason_form": ReasonForm(),
            "Status": Status,
            "is_past": appointment.starts_at <= timezone.now(),
        },
    )


@partner_area_required
def staff_case(request, case_id):
    case = get_object_or_404(perms.association_cases(request.user).select_related("programme", "household"), pk=case_id)
    appointments = case.appointments.select_related("type", "worker", "partner", "association")
    return render(request, "appointments/staff_case.html", {"case": case, "appointments": appointments})


@partner_area_required
@never_cache
def staff_new(request, case_id):
    case = get_object_or_404(
        perms.association_cases(request.user).select_related(
            "programme__association", "programme__landlord", "household"
        ),
        pk=case_id,
    )
    # Opened from a review's or a handover's page (?bilan= / ?relais=): that one is preselected, and the worker
    # goes back to its page once the appointment is set.
    review_id, handover_id = (params.id_param(request.GET, name) for name in ("bilan", "relais"))
    form = StaffAppointmentForm(
        _with_chosen_slot(request.POST),
        case=case,
        user=request.user,
        review_id=review_id,
        handover_id=handover_id,
        initial=_chosen_slot(request.GET),
    )
    next_slots = []
    if request.method == "POST" and form.is_valid():
        appointment, next_slots = _staff_book(request, case, form)
        if appointment is not None:
            linked = _linked_page(case.pk, appointment.review_id, appointment.handover_id)
            from_page = review_id or handover_id
            return redirect(
                linked if from_page and linked else reverse("appointments:staff_detail", args=[appointment.pk])
            )
    if request.method == "GET":
        next_slots = _next_slots_hint(case, form)
    back_url = _linked_page(case.pk, form.initial.get("review"), form.initial.get("handover"))
    return render(
        request,
        "appointments/staff_new.html",
        {
            "case": case,
            "form": form,
            "next_slots": next_slots,
            "back_url": back_url or reverse("appointments:staff_case", args=[case.pk]),
        },
    )


def _staff_book(request, case, form):
    """The worker's form booked or proposed (a tripartite review's appointment creates its review): (the
    appointment, []) with a message, or (None, the next free slots) with the refusal next to its field."""
    data = form.cleaned_data
    booking = dict(
        case=case,
        appointment_type=data["type"],
        starts_at=form.starts_at(),
        place=data["place"],
        partner=data["partner"],
        participants=form.participant_pairs(),
        worker_ids=[data["worker"].pk],
        propose=data["mode"] == "propose",
        handover=data.get("handover"),
        actor=request.user,
        actor_kind=Party.ASSOCIATION,
        request=request,
    )
    new_review = data["type"].kind == AppointmentKind.TRIPARTITE_REVIEW and not data.get("review")
    try:
        if new_review:
            appointment = services.book_new_review(**booking)
        else:
            appointment = services.book(review=data.get("review"), **booking)
    except services.BookingError as error:
        _add_booking_error(form, error)
        return None, _next_slots_after(error, [data["worker"].pk], data["type"], booking["starts_at"])
    done = "Le rendez-vous est proposé au ménage." if data["mode"] == "propose" else "Le rendez-vous est fixé."
    if new_review:
        done += " Le bilan tripartite est créé : son compte rendu s'écrit depuis sa page."
    messages.success(request, done)
    return appointment, []


def _next_slots_hint(case, form):
    """A hint for the worker: the next free hours of the assigned worker (or the team), for the chosen type."""
    chosen = form.initial.get("type")
    appointment_type = AppointmentType.objects.filter(pk=chosen).first() if chosen else None
    return services.next_free_slots(
        services.candidate_worker_ids(case),
        appointment_type or household_type_for(case),
        timezone.now() + timedelta(hours=1),
    )


def _next_slots_after(error, worker_ids, appointment_type, wanted, exclude=None):
    """Whatever the refusal (taken, outside hours, an absence, the household's own appointment), the worker gets
    the next free slots after the time asked for, as buttons (never inside the error)."""
    if error.next_slots:
        return error.next_slots
    after = max(wanted, timezone.now() + timedelta(hours=1))
    return services.next_free_slots(worker_ids, appointment_type, after, exclude_appointment=exclude)


def _with_chosen_slot(data):
    """A « prochain créneau libre » button (name="creneau", value YYYY-MM-DDTHH:MM) sets the form's date and time,
    every other value typed kept."""
    if not data or "creneau" not in data:
        return data or None
    data = data.copy()
    day, _, hour = data["creneau"].partition("T")
    data["date"], data["time"] = day, hour
    return data


def _chosen_slot(query):
    """A free half-hour clicked in the agenda's week view (?date=YYYY-MM-DD&heure=HH:MM): the form's initial date
    and time. Anything malformed is ignored (the worker types the date)."""
    today = timezone.localdate()
    day = week.parse_day(
        query.get("date"), None, earliest=today - timedelta(days=1), latest=today + timedelta(days=366)
    )
    hour = query.get("heure", "")
    try:
        moment = time.fromisoformat(hour) if len(hour) == 5 else None
    except ValueError:
        moment = None
    return {key: value for key, value in (("date", day), ("time", moment)) if value is not None}


def _linked_page(case_id, review_id=None, handover_id=None):
    """The page of the review or of the handover a booking is for (None when it is for neither)."""
    if review_id:
        return reverse("casework:review_edit", args=[case_id, review_id])
    if handover_id:
        return reverse("casework:handover_edit", args=[case_id, handover_id])
    return None


@partner_area_required
@never_cache
def staff_move(request, pk):
    appointment = _managed_appointment(request, pk)
    local = timezone.localtime(appointment.starts_at)
    form = MoveForm(
        _with_chosen_slot(request.POST), appointment=appointment, initial={"date": local.date(), "time": local.time()}
    )
    next_slots = []
    if request.method == "POST" and form.is_valid():
        starts_at = form.starts_at()
        try:
            services.move(
                appointment,
                starts_at=starts_at,
                place=form.cleaned_data["place"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                actor_kind=Party.ASSOCIATION,
                request=request,
            )
            messages.success(request, "Le rendez-vous est déplacé ; les participants sont prévenus.")
            return redirect("appointments:staff_detail", pk=pk)
        except services.BookingError as error:
            _add_booking_error(form, error)
            next_slots = _next_slots_after(
                error, [appointment.worker_id], appointment.type, starts_at, exclude=appointment
            )
    return render(
        request, "appointments/staff_move.html", {"appointment": appointment, "form": form, "next_slots": next_slots}
    )


@partner_area_required
def staff_cancel(request, pk):
    appointment = _managed_appointment(request, pk)
    return _cancel_page(
        request,
        appointment,
        actor_kind=Party.ASSOCIATION,
        done_message="Le rendez-vous est annulé ; le ménage et les participants sont prévenus.",
        done_url=reverse("appointments:staff_detail", args=[pk]),
        template="appointments/staff_cancel.html",
    )


@partner_area_required
@require_POST
def staff_mark(request, pk):
    appointment = _managed_appointment(request, pk)
    try:
        services.mark(appointment, request.POST.get("status", ""), actor=request.user, request=request)
        messages.success(request, "Le statut du rendez-vous est enregistré.")
    except services.BookingError as error:
        messages.error(request, error.message)
    return redirect("appointments:staff_detail", pk=pk)


AVAILABILITY_FORMS = {"window": WindowForm, "exception": ExceptionForm, "absence": AbsenceForm}
AVAILABILITY_MODELS = {"window": AvailabilityWindow, "exception": AvailabilityException, "absence": Absence}


@partner_area_required
def availability(request):
    """A worker's weekly windows, exceptions and absences; a coordinator may edit a colleague's."""
    worker = request.user
    if (worker_id := params.id_param(request.GET, "personne")) is not None:  # anything else: ignored
        worker = get_object_or_404(User, pk=worker_id)
    if not perms.can_manage_availability(request.user, worker):
        raise Http404
    association_id = perms.association_ids(worker)[0]
    bound = request.POST.get("form") if request.method == "POST" else None
    forms = {
        name: form_class(request.POST if bound == name else None, prefix=name)
        for name, form_class in AVAILABILITY_FORMS.items()
    }
    if bound in forms and forms[bound].is_valid():
        instance = forms[bound].save(commit=False)
        instance.worker = worker
        if bound == "window":
            instance.association_id = association_id
        instance.save()
        audit.record(request, f"availability.{bound}_added", instance)
        messages.success(request, "C'est enregistré.")
        return redirect(request.get_full_path())
    if request.method == "POST" and request.POST.get("supprimer"):
        kind, _, object_id = request.POST["supprimer"].partition(":")
        model = AVAILABILITY_MODELS.get(kind)
        if model is None or not object_id.isdigit():
            raise Http404
        get_object_or_404(model, pk=object_id, worker=worker).delete()
        audit.record(request, f"availability.{kind}_removed")
        messages.success(request, "C'est supprimé.")
        return redirect(request.get_full_path())
    today = timezone.localdate()
    team = (
        User.objects.filter(
            memberships__organisation_id__in=perms.association_ids(request.user), memberships__is_active=True
        )
        .distinct()
        .order_by("first_name")
        if portal_perms.is_coordinator(request.user)
        else []
    )
    return render(
        request,
        "appointments/availability.html",
        {
            "worker": worker,
            "team": team,
            "forms": forms,
            "windows": AvailabilityWindow.objects.filter(worker=worker),
            "exceptions": AvailabilityException.objects.filter(worker=worker, date__gte=today),
            "absences": Absence.objects.filter(worker=worker, ends_at__gte=timezone.now()),
        },
    )


@partner_area_required
def feed_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke" and feed is not None:
            feed.delete()
            feed = None
            audit.record(request, "calendar_feed.revoked")
            messages.success(
                request, "Le lien de votre agenda est désactivé. Les agendas abonnés ne reçoivent plus rien."
            )
        elif request.POST.get("action") == "issue":
            feed, token = CalendarFeed.issue(request.user)
            audit.record(request, "calendar_feed.issued")
            feed_url = absolute("appointments:feed", token)
    return render(
        request,
        "appointments/feed_settings.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://")
            if feed_url
            else None,
        },
    )


@login_not_required
@never_cache
def feed(request, token):
    """The private feed: the token is the only key (calendar clients carry no session). Revoked → 404."""
    calendar_feed = CalendarFeed.find(token)
    if calendar_feed is None:
        raise Http404
    user = calendar_feed.user
    CalendarFeed.objects.filter(pk=calendar_feed.pk).update(last_used_at=timezone.now())
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    if not portal_perms.active_memberships(user):
        raise Http404
    appointments = (
        (Appointment.objects.filter(worker=user) | Appointment.objects.for_participant(user))
        .filter(ends_at__gte=since)
        .select_related("association", "partner")
        .distinct()
    )
    body = ics.feed(appointments, wording.staff_url, name="Rendez-vous")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rendez-vous.ics"'
    return response
