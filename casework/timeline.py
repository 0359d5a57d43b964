"""A case's timeline: who did what, when (the events the association reads on the case page)."""

from django.utils import timezone

from casework.models import TimelineEvent


def actor(by):
    """The user behind `by`: a request's user, or `by` itself (a user, or None for the system)."""
    return by.user if hasattr(by, "user") and hasattr(by, "META") else by


def record_event(case, kind, by=None, detail="", from_status="", to_status="", when=None):
    return TimelineEvent.objects.create(
        case=case,
        author=actor(by) if getattr(actor(by), "is_authenticated", False) else None,
        kind=kind,
        detail=detail,
        from_status=from_status,
        to_status=to_status,
        created_at=when or timezone.now(),
    )
