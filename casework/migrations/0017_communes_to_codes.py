"""Programme territories and tenancies: commune names become codes INSEE (portal/data/communes.json.gz).

A programme's name is resolved among the communes of that name, in the département of its other communes (or of
its tenancies' postcodes) when several départements have one; a tenancy's by its postcode and name. A name that
stays ambiguous or unknown is kept as typed (in the territory) or leaves the code empty (tenancy): the coordinator
finds them on /partenaires/communes-a-preciser/. Copied here, not imported: migrations import no project code.
"""

import gzip
import json
import unicodedata
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parents[2] / "portal" / "data" / "communes.json.gz"


def normalise(name):
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    words = text.replace("-", " ").replace("'", " ").replace("’", " ").split()
    return " ".join({"st": "saint", "ste": "sainte"}.get(word, word) for word in words)


def load():
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as source:
        rows = json.load(source)["communes"]
    by_name, by_postcode = {}, {}
    for code, name, postcodes, departement, parent in rows:
        entry = (code, normalise(name), departement, parent)
        if not parent:
            by_name.setdefault(entry[1], []).append(entry)
        for postcode in postcodes.split():
            by_postcode.setdefault(postcode, []).append(entry)
    return by_name, by_postcode


def tenancy_code(by_postcode, postcode, name):
    postcode, wanted = (postcode or "").replace(" ", ""), normalise(name)
    found = [e for e in by_postcode.get(postcode, []) if e[1] == wanted]
    if len(found) != 1:
        return ""
    districts = [e for e in by_postcode.get(postcode, []) if e[3] == found[0][0]]
    return districts[0][0] if len(districts) == 1 else found[0][0]


def territory(by_name, names, departements):
    """Each name as a code when one commune (or one in the programme's départements) has it, else as typed."""
    resolved = []
    for name in names:
        found = by_name.get(normalise(name), [])
        if len(found) > 1:
            found = [e for e in found if e[2] in departements]
        resolved.append(found[0][0] if len(found) == 1 else name)
    return resolved


def forwards(apps, schema_editor):
    if not DATA_FILE.exists():
        return
    by_name, by_postcode = load()
    Tenancy = apps.get_model("casework", "Tenancy")
    Programme = apps.get_model("casework", "Programme")
    for tenancy in Tenancy.objects.filter(commune_code=""):
        tenancy.commune_code = tenancy_code(by_postcode, tenancy.postcode, tenancy.commune)
        if tenancy.commune_code:
            tenancy.save(update_fields=["commune_code"])
    for programme in Programme.objects.all():
        names = [n for n in programme.communes if not (n[:5].isdigit() and len(n) == 5)]
        if not names:
            continue
        unique = {by_name[normalise(n)][0][2] for n in names if len(by_name.get(normalise(n), [])) == 1}
        postcodes = Tenancy.objects.filter(referrals__programme=programme).values_list("postcode", flat=True)
        departements = unique | {p.strip()[:2] for p in postcodes if p}
        programme.communes = territory(by_name, programme.communes, departements)
        programme.save(update_fields=["communes"])


class Migration(migrations.Migration):
    dependencies = [("casework", "0016_tenancy_commune_code")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
