"""The authorisation matrix's vocabulary: roles, the shared world of objects, and rules (one per URL).

Every app declares the expected answer of each of its URLs in `tests/<app>/authz.py`:

    from tests.authorization import Rule, allow

    def build(world):          # optional: add the app's objects (and planted markers) to the world
        world.objects["own"]["conversation"] = ...
        world.plant("MESSAGE", "own", "text planted in a message")

    RULES = [
        Rule("messaging:conversation", args=lambda world, side: {"pk": world.objects[side]["conversation"].pk},
             ok=allow("worker", "coordinator", "household_confirmed")),
    ]

    MARKERS_VISIBLE_TO = {"MESSAGE": {"worker", "coordinator", "household_confirmed", "household_unconfirmed"}}

tests/test_authorization_matrix.py enumerates every URL the resolver knows; a URL without a rule fails the test.
"""

from dataclasses import dataclass, field

ROLES = [
    "anonymous",
    "household_confirmed",
    "household_unconfirmed",
    "worker",
    "coordinator",
    "landlord_referent",
    "partner_contact",
    "funder",
    "editor",
    "other_landlord",
    "other_association",
    "administrator",
]
SIDES = ("own", "foreign")
STAFF_ROLES = {r for r in ROLES if r not in ("anonymous", "household_confirmed", "household_unconfirmed")}


def allow(*roles, status=200):
    return {role: status for role in roles}


@dataclass
class Rule:
    """The expected answer of one URL (by name, or by route for unnamed patterns) for every role.

    - args(world, side) gives the URL's kwargs for the "own" objects (programme A: the roles' own
      organisations) and the "foreign" ones (programme B); None for a URL without arguments.
    - ok: role → status expected with own objects; any other signed-in role gets `denied` (404 by design),
      anonymous gets `anonymous` (302 to the login page, deny by default).
    - with foreign objects every role gets `foreign` (404), except other_landlord/other_association, for whom
      programme B is their own: they get `foreign_ok` (defaults to nothing special: 404 unless listed).
    - family=True: the rule covers every URL whose name starts with `name` (third-party admin trees);
      only `sample` is requested.
    """

    name: str
    args: object = None
    ok: dict = field(default_factory=dict)
    denied: int = 404
    anonymous: int = 302
    foreign: int = 404
    foreign_ok: dict = field(default_factory=dict)
    family: bool = False
    sample: str = ""
    overrides: dict = field(default_factory=dict)  # role → status regardless of ok/denied
    # Roles for whom this URL legitimately shows every marker of their side (the household's data export).
    sees_all_markers: set = field(default_factory=set)

    def expected(self, role, side):
        if role in self.overrides:
            return self.overrides[role]
        if role == "anonymous":
            return self.anonymous
        if side == "foreign":
            return self.foreign_ok.get(role, self.foreign)
        return self.ok.get(role, self.denied)


class World:
    """Users of every role, organisations and objects on both sides, and the markers planted in them."""

    def __init__(self):
        self.users = {}
        self.orgs = {}
        self.objects = {"own": {}, "foreign": {}}
        self.markers = {}  # marker text → (key, side)

    def plant(self, key, side, text=None):
        text = text or f"MARQUEUR-{key}-{side.upper()}-7Q"
        self.markers[text] = (key, side)
        return text
