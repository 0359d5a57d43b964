"""The audit helper every app calls: record(request_or_user, action, obj=None, subject=None, **extra)."""

from django.http import HttpRequest

from portal.models import AuditEvent
from portal.net import client_ip


def subject_key_for(obj):
    return f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else ""


def record(who, action, obj=None, *, subject=None, **extra):
    """Write one audit event. `who` is a request (actor and origin taken from it), a user or None."""
    request = who if isinstance(who, HttpRequest) else None
    user = getattr(request, "user", None) if request is not None else who
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(getattr(user, "login_label", "") or "") if user else extra.pop("actor_label", ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        subject_key=subject_key_for(subject) if subject is not None else "",
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        extra=extra,
    )
