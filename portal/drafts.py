"""Server-side drafts of long texts, encrypted at rest, so an expired session loses nothing."""

from portal.models import Draft


def load(user, key, default=""):
    draft = Draft.objects.filter(user=user, key=key).first()
    return draft.body if draft else default


def save(user, key, body):
    if not body:
        clear(user, key)
        return None
    draft, _ = Draft.objects.update_or_create(user=user, key=key, defaults={"body": body})
    return draft


def clear(user, key):
    Draft.objects.filter(user=user, key=key).delete()


def initial_for(request, key, field_value=""):
    """What a form field should show: what was just posted, else the saved draft."""
    return field_value or load(request.user, key)
