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


def restore(user, form, keys):
    """Each field's saved draft into the (unbound) form, `keys` being {field name: draft key}; True when there was
    one, for the page to say a draft was picked up."""
    found = False
    for name, key_value in keys.items():
        saved = load(user, key_value)
        if saved:
            form.initial[name], found = saved, True
    return found


def clear_all(user, keys):
    Draft.objects.filter(user=user, key__in=list(keys)).delete()


def initial_for(request, key, field_value=""):
    """What a form field should show: what was just posted, else the saved draft."""
    return field_value or load(request.user, key)


# --- the registry of draft keys ---------------------------------------------------------------------------------
# Each kind of draft names the ids its key is built from, and which keys a case holds: retention erases them all
# with the case (portal.privacy.retention), and the marker test plants one of each kind.

KINDS: dict = {}


def kind(name):
    """Register a kind of draft; the decorated function(case) yields the id tuples of that case's keys."""

    def decorator(function):
        KINDS[name] = function
        return function

    return decorator


def key(kind_name, *ids):
    if kind_name not in KINDS:
        raise ValueError(f"Unregistered kind of draft: {kind_name}")
    return "-".join([kind_name, *(str(i) for i in ids)])


def keys_for_case(case):
    return [key(name, *ids) for name, function in KINDS.items() for ids in function(case)]


def is_known(key_value):
    """A key of a registered kind (the autosave endpoint refuses any other)."""
    return any(key_value.startswith(f"{name}-") for name in KINDS)
