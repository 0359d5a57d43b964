"""Every change of a tripartite review's minutes: shared, commented, answered « pas de remarque », validated.

docs/rules.md, « Cycle de vie d'un compte rendu de bilan » : draft → shared, only once the review's appointment is
marked held; shared → validated, only after the household's word (a comment or « pas de remarque »), or
`ANSWER_DAYS` days after sharing, or with the worker's recorded reason — and always after an explicit confirmation
(the landlord then reads the minutes, and they can no longer change). The household is told, discreetly, when the
minutes are shared and when they are validated. Views call these functions; nothing else sets the review's status.
"""

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from appointments.enums import Status
from casework import workflow
from casework.closure import email_household
from casework.enums import ReviewStatus
from casework.models import ReviewComment, TripartiteReview
from portal import audit, formats

ANSWER_DAYS = 7
CONFIRMATION = "Confirmez la validation : une fois validé, le bailleur le lit et il ne peut plus être modifié."


class ReviewError(Exception):
    """A refused step; the message is French and shown to the user as is. `field` names the form field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def is_held(review):
    appointment = review.appointment
    return appointment is not None and appointment.status == Status.DONE


def answer_due_at(review):
    return review.shared_at + timedelta(days=ANSWER_DAYS) if review.shared_at else None


def household_has_answered(review):
    return review.household_answered_at is not None


def may_validate_without_reason(review, now=None):
    """The household answered, or it had `ANSWER_DAYS` days to do so."""
    now = now or timezone.now()
    return household_has_answered(review) or (review.shared_at is not None and now >= answer_due_at(review))


def minutes_due(review, now=None):
    """The worker has the minutes to move on: held and still a draft (to share), or shared and open to validation
    (the household answered, or had its `ANSWER_DAYS` days). The case page opens its reviews where one is due."""
    if review.is_draft:
        return is_held(review)
    return review.is_shared and may_validate_without_reason(review, now)


def _locked(review):
    locked = TripartiteReview.objects.select_for_update().get(pk=review.pk)
    for name in ("status", "shared_at", "validated_at", "validated_by_id", "household_answered_at"):
        setattr(review, name, getattr(locked, name))
    return review


def _locked_in(review, status, message):
    """The review, locked and re-read, in `status`; otherwise `message` as a ReviewError."""
    _locked(review)
    if review.status != status:
        raise ReviewError(message)
    return review


@transaction.atomic
def save_minutes(case, review, by, *, landlord, household, others, request=None):
    """The worker's minutes (`review`, unsaved, the form's) and who takes part; a validated review never changes."""
    created = review.pk is None
    if not created and _locked(review).status == ReviewStatus.VALIDATED:
        raise ReviewError("Un compte rendu validé ne se modifie plus.")
    review.case = case
    if created:
        review.created_by = workflow._actor(by)
    review.save()
    review.set_participants(landlord=landlord, household=household, others=others)
    audit.record(request or by, "review.created" if created else "review.updated", review, subject=case)
    return review


@transaction.atomic
def share(review, by, request=None):
    _locked_in(review, ReviewStatus.DRAFT, "Ce compte rendu a déjà été soumis au ménage.")
    if not is_held(review):
        raise ReviewError(
            "Le compte rendu se partage une fois le bilan tenu : marquez d'abord son rendez-vous « tenu »."
        )
    review.status, review.shared_at = ReviewStatus.SHARED, timezone.now()
    review.save(update_fields=["status", "shared_at"])
    workflow.record_event(review.case, "review_shared", by, detail="Compte rendu soumis au ménage.")
    audit.record(request or by, "review.shared", review, subject=review.case)
    email_household(
        review.case,
        "Un compte rendu est à relire",
        "Le compte rendu de votre dernier rendez-vous est prêt. Vous pouvez le lire et nous dire si vous avez une "
        f"remarque, ou qu'il n'y en a pas, dans les {ANSWER_DAYS} jours.",
        ("casework:household_review", review.pk),
    )
    return review


def _household_answered(review, when):
    if review.household_answered_at is None:
        TripartiteReview.objects.filter(pk=review.pk, household_answered_at__isnull=True).update(
            household_answered_at=when
        )
        review.household_answered_at = when


@transaction.atomic
def comment(review, user, body, request=None):
    _locked_in(
        review,
        ReviewStatus.SHARED,
        "Ce compte rendu est validé : vous ne pouvez plus le commenter ici. Écrivez à l'association.",
    )
    item = ReviewComment.objects.create(
        review=review, author=user, body=body, sections_when_commented=json.dumps(_section_texts(review))
    )
    _household_answered(review, item.created_at)
    workflow.record_event(review.case, "review_commented", user, detail="Le ménage a commenté le compte rendu.")
    audit.record(request or user, "review.commented_by_household", item, subject=review.case)
    workflow.notify_association(
        review.case,
        "Un ménage a commenté un compte rendu",
        "Un ménage a laissé une remarque sur un compte rendu de bilan.",
    )
    return item


def _section_texts(review):
    return {name: getattr(review, name) or "" for name in review.SECTIONS}


def changes_since(comment):
    """The titles of the minutes' sections rewritten since the household's comment (« what changed »)."""
    try:
        before = json.loads(comment.sections_when_commented or "{}")
    except ValueError:
        return []
    if not before:
        return []
    review = comment.review
    now = _section_texts(review)
    return [str(review._meta.get_field(name).verbose_name) for name in review.SECTIONS if before.get(name) != now[name]]


@transaction.atomic
def answer(comment, by, body, request=None):
    """The association answers the household's comment; the household reads it on its review page."""
    body = (body or "").strip()
    if not body:
        raise ReviewError("Écrivez votre réponse au ménage.", field="answer")
    comment.answer, comment.answered_at, comment.answered_by = body, timezone.now(), workflow._actor(by)
    comment.save(update_fields=["answer", "answered_at", "answered_by"])
    review = comment.review
    workflow.record_event(review.case, "review_comment_answered", by, detail="Réponse à la remarque du ménage.")
    audit.record(request or by, "review.comment_answered", comment, subject=review.case)
    email_household(
        review.case,
        "Une réponse vous attend",
        "L'association a répondu à votre remarque sur le compte rendu de votre rendez-vous.",
        ("casework:household_review", review.pk),
    )
    return comment


@transaction.atomic
def no_remark(review, user, request=None):
    _locked_in(review, ReviewStatus.SHARED, "Ce compte rendu n'attend plus votre réponse.")
    _household_answered(review, timezone.now())
    workflow.record_event(review.case, "review_no_remark", user, detail="Le ménage n'a pas de remarque.")
    audit.record(request or user, "review.no_remark_by_household", review, subject=review.case)
    return review


@transaction.atomic
def validate(review, by, *, confirmed, reason="", request=None):
    _locked(review)
    if review.status == ReviewStatus.VALIDATED:
        raise ReviewError("Ce compte rendu est déjà validé.")
    if review.status != ReviewStatus.SHARED:
        raise ReviewError("Soumettez d'abord le compte rendu au ménage, une fois le bilan tenu.")
    reason = (reason or "").strip()
    if not may_validate_without_reason(review) and not reason:
        raise ReviewError(
            "Le ménage n'a pas encore répondu et le délai de "
            f"{ANSWER_DAYS} jours court jusqu'au {formats.day(answer_due_at(review))}. "
            "Attendez sa réponse ou indiquez pourquoi vous validez sans elle (par exemple : pas de compte).",
            field="reason",
        )
    if not confirmed:
        raise ReviewError(CONFIRMATION, field="confirm")
    review.status, review.validated_at, review.validated_by = (
        ReviewStatus.VALIDATED,
        timezone.now(),
        workflow._actor(by),
    )
    review.validation_reason = reason if not household_has_answered(review) else ""
    review.save(update_fields=["status", "validated_at", "validated_by", "validation_reason"])
    workflow.record_event(
        review.case,
        "review_validated",
        by,
        detail="Compte rendu validé : le bailleur le voit."
        + (f" Motif : {review.validation_reason}" if review.validation_reason else ""),
    )
    audit.record(request or by, "review.validated", review, subject=review.case)
    email_household(
        review.case,
        "Un compte rendu est validé",
        "Le compte rendu de votre dernier rendez-vous est validé. Vous le retrouvez dans votre espace.",
        ("casework:household_review", review.pk),
    )
    return review
