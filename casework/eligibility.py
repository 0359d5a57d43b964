"""The programme's eligibility rule, defined once (docs/rules.md § 1): each criterion, « all met », and
whether a referral is taken on (in the criteria, or accepted outside them by a coordinator).

Pure functions of their arguments: the referral form, the landlord's import, the demo data and the indicators
call them, and no other code decides whether a household is in the criteria.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from casework.dates import add_months
from casework.enums import Guarantee
from portal import formats, geo


def in_territory(programme, commune_code):
    """« Logement situé sur le territoire du programme »: the tenancy's code INSEE is one of the territory's
    communes, an arrondissement of one (Paris, Lyon, Marseille), or in one of its whole départements. Codes only:
    two communes of the same name in two départements are two communes."""
    return geo.covers(programme.communes, commune_code)


def territory_label(programme):
    return ", ".join(geo.label(code) for code in programme.communes)


@dataclass
class Criterion:
    key: str
    label: str
    met: bool
    detail: str

    def as_dict(self):
        return {"key": self.key, "label": self.label, "met": self.met, "detail": self.detail}


def arrears_threshold(programme, monthly_rent, monthly_apl):
    """The least arrears that qualify: `min_arrears_months` rents net of APL, to the cent."""
    net_rent = Decimal(monthly_rent or 0) - Decimal(monthly_apl or 0)
    return net_rent, (net_rent * programme.min_arrears_months).quantize(Decimal("0.01"))


def move_in_window_ends_on(programme, moved_in_on):
    """The last day a household may be referred: `max_months_since_move_in` months after the move-in date,
    that day included (the programme's decision: the window runs from move-in, not allocation)."""
    return add_months(moved_in_on, programme.max_months_since_move_in)


def criteria(
    programme,
    *,
    commune,
    guarantee,
    moved_in_on,
    monthly_rent,
    monthly_apl,
    arrears,
    attempts_logged,
    attempts_unanswered,
    on=None,
):
    """Each criterion of the programme, met or not, with what was checked (shown to the referent). `commune` is
    the tenancy's code INSEE (portal.geo.at_address finds it from the postcode and the name)."""
    on = on or timezone.localdate()
    months = programme.min_arrears_months
    net_rent, threshold = arrears_threshold(programme, monthly_rent, monthly_apl)
    limit = move_in_window_ends_on(programme, moved_in_on) if moved_in_on else None
    rents = formats.count(months, "loyer")
    return [
        Criterion(
            "territory",
            "Logement situé sur le territoire du programme",
            in_territory(programme, commune),
            f"{geo.label(commune) if commune else '—'} ; territoire : {territory_label(programme)}",
        ),
        Criterion(
            "no_guarantee",
            "Entré sans garantie de loyer",
            # Only « Aucune »: « Autre » is a guarantee too.
            guarantee == Guarantee.NONE,
            f"Garantie : {Guarantee(guarantee).label if guarantee in Guarantee.values else '—'}",
        ),
        Criterion(
            "arrears",
            f"Impayé d'au moins {rents} nets d'APL",
            arrears is not None and net_rent > 0 and Decimal(arrears) >= threshold,
            f"Impayé {formats.amount(Decimal(arrears or 0))} ; seuil {formats.amount(threshold)} "
            f"({rents} × {formats.amount(net_rent)})",
        ),
        Criterion(
            "recent_move_in",
            f"Entré dans les lieux depuis {programme.max_months_since_move_in} mois au plus",
            bool(limit and moved_in_on <= on <= limit),
            f"Entrée le {formats.day(moved_in_on)}, limite le {formats.day(limit)}"
            if limit
            else "Date d'entrée manquante",
        ),
        Criterion(
            "unreachable",
            "Tentatives de contact du bailleur notées et restées sans réponse",
            bool(attempts_logged) and bool(attempts_unanswered),
            "Tentatives notées" if attempts_logged else "Aucune tentative notée",
        ),
    ]


def all_met(items):
    """In the criteria: every criterion met (criteria as Criterion objects or their stored dicts)."""
    items = list(items)
    return bool(items) and all((c["met"] if isinstance(c, dict) else c.met) for c in items)


def is_taken_on(is_eligible, accepted_at, at=None):
    """The programme takes the household on: the referral is in the criteria, or a coordinator accepted it (by
    `at`, when given: the indicators measure at a date)."""
    return bool(is_eligible) or (accepted_at is not None and (at is None or accepted_at <= at))


def taken_on(referral, at=None):
    return is_taken_on(referral.is_eligible, referral.accepted_at, at)


def taken_on_q(prefix=""):
    """`taken_on` as a filter; `prefix` reaches the referral (« referral__ » from a case)."""
    return Q(**{f"{prefix}is_eligible": True}) | Q(**{f"{prefix}accepted_at__isnull": False})
