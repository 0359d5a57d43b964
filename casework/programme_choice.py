"""The programme being looked at (docs/rules.md § 2, « Plusieurs programmes »): one rule for every dashboard,
panel and export of a member of several programmes.

- The choice comes from `?programme=<pk>` (the switcher's form, a plain GET that works without JavaScript), or
  `?programme=tous` for « Tous les programmes », the combined view of an organisation that runs several.
- It is remembered in the session and follows the user across pages until she chooses again.
- A programme outside the user's programmes answers 404; a remembered choice no longer in scope (a membership ended,
  another page's programmes) silently falls back to the combined view.
- A member of one programme always sees that programme, and no switcher.

Callers pass the user's programmes for the page (from casework.perms: association_programmes, landlord_programmes…,
or the evaluation's programmes), already listed: choosing reads no row.
"""

from django.http import Http404
from django.utils.text import slugify

PARAM = "programme"
ALL = "tous"
ALL_LABEL = "Tous les programmes"
SESSION_KEY = "casework.programme_shown"


def _from_query(request, by_pk):
    """The programme asked for in the query string: None for « tous », 404 outside `by_pk`."""
    raw = request.GET[PARAM].strip()
    if raw in ("", ALL):
        if SESSION_KEY in request.session:
            del request.session[SESSION_KEY]
        return None
    pk = int(raw) if raw.isascii() and raw.isdigit() else None
    if pk not in by_pk:
        raise Http404
    if request.session.get(SESSION_KEY) != pk:
        request.session[SESSION_KEY] = pk
    return by_pk[pk]


def shown(request, programmes):
    """The programme shown among `programmes` (the user's for this page), or None for the combined view."""
    programmes = list(programmes)
    if len(programmes) == 1:
        return programmes[0]
    by_pk = {programme.pk: programme for programme in programmes}
    if PARAM in request.GET:
        return _from_query(request, by_pk)
    return by_pk.get(request.session.get(SESSION_KEY))


def only(queryset, programme, field="programme"):
    """`queryset` narrowed to the programme shown (`field` reaches it), unchanged in the combined view."""
    return queryset if programme is None else queryset.filter(**{field: programme})


def among(programmes, programme):
    """The programmes whose panels (intake, capacity) the page shows: the one shown, or all in the combined view."""
    return list(programmes) if programme is None else [programme]


def switcher(request, programmes, programme, key="programme-choice"):
    """The switcher's context, only for a member of several programmes; `key` makes its field's id unique."""
    programmes = list(programmes)
    if len(programmes) < 2:
        return None
    return {
        "programmes": programmes,
        "shown": programme,
        "action": request.path,
        "param": PARAM,
        "all": ALL,
        "all_label": ALL_LABEL,
        "key": key,
    }


def file_name(base, programme):
    """An export's file name naming the programme shown: « dossiers-<programme>.csv », or « …-tous-les-programmes »."""
    return f"{base}-{slugify(programme.name if programme is not None else ALL_LABEL)}.csv"
