"""The official geographic code (portal.geo, portal/data/communes.json.gz) and the script that regenerates it."""

import gzip
import importlib.util
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from portal import geo

REPO = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("communes_script", REPO / "scripts" / "communes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_file_holds_current_communes_and_arrondissements_only():
    assert geo.source().startswith("@etalab/decoupage-administratif ")
    assert len(geo._data()["communes"]) > 34_000 and len(geo._data()["departements"]) >= 101
    assert geo.commune("45234").name == "Orléans" and geo.commune("45234").postcodes == ("45000", "45100")
    assert geo.commune("75101").parent == "75056"  # Paris 1er
    assert (REPO / "portal/data/communes.json.gz").stat().st_size < 500_000


def test_script_keeps_current_communes_and_is_reproducible(tmp_path):
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "@etalab/decoupage-administratif", "version": "9.9.9"}))
    (package / "data" / "departements.json").write_text(json.dumps([{"code": "45", "nom": "Loiret"}]))
    communes = [
        {"code": "45234", "nom": "Orléans", "type": "commune-actuelle", "departement": "45", "codesPostaux": ["45100", "45000"]},
        {"code": "45999", "nom": "Ancienne", "type": "commune-deleguee", "departement": "45", "codesPostaux": ["45000"]},
        {"code": "75101", "nom": "Paris 1er Arrondissement", "type": "arrondissement-municipal", "commune": "75056",
         "departement": "75", "codesPostaux": ["75001"]},
    ]  # fmt: skip
    (package / "data" / "communes.json").write_text(json.dumps(communes))
    script = _script()
    data = script.build(package)
    assert data["communes"] == [["45234", "Orléans", "45000 45100", "45", ""], ["75101", "Paris 1er Arrondissement", "75001", "75", "75056"]]  # fmt: skip
    first, second = tmp_path / "a.gz", tmp_path / "b.gz"
    script.write(data, first), script.write(data, second)
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(gzip.decompress(first.read_bytes()))["source"] == "@etalab/decoupage-administratif 9.9.9"


@pytest.mark.parametrize(
    "typed,code",
    [
        ("45234", "45234"),
        ("45", "45"),
        ("2a", "2A"),
        ("Orléans", "45234"),
        ("orleans", "45234"),
        ("45000 Orléans", "45234"),
        ("Olivet (53)", "53169"),
        ("Olivet (45)", "45232"),
        ("45232 — Olivet (45)", "45232"),
        ("St-Jean-de-Braye", "45284"),
        ("75001 Paris", "75101"),  # the arrondissement the postcode designates
        ("13001 Marseille", "13201"),
        ("69001 Lyon", "69381"),
        ("45430 Mardié", "45194"),  # 45430 serves Bou, Chécy and Mardié
    ],
)
def test_resolve_one_line(typed, code):
    assert geo.resolve(typed) == (code, None)


@pytest.mark.parametrize(
    "typed", ["Olivet", "Saint-Denis", "45430", "45000 Olivet", "Nulle-Part", "", "=cmd|' /C calc'!A0"]
)
def test_resolve_refuses_what_names_no_single_commune(typed):
    code, candidates = geo.resolve(typed)
    assert code is None
    if typed in ("Olivet", "Saint-Denis"):
        assert len(candidates) >= 2 and len({c.departement for c in candidates}) == len(candidates)


def test_at_address_a_postcode_shared_by_several_communes():
    assert {c.name for c in geo.by_postcode("45430")} == {"Bou", "Chécy", "Mardié"}
    assert [c.code for c in geo.at_address("45430", "Chécy")] == ["45089"]
    assert geo.at_address("45430", "Orléans") == []
    assert geo.at_address("45000", "Orléans")[0].code == "45234"


def test_area_codes_lists_the_candidates_in_french():
    assert geo.area_codes("Orléans\n45\n\nOrléans") == ["45234", "45"]
    with pytest.raises(ValidationError) as error:
        geo.area_codes("Olivet\nZzz")
    first, second = error.value.messages
    assert "« Olivet » désigne plusieurs communes" in first and "45232 — Olivet (45)" in first
    assert second == "« Zzz » : aucune commune ni aucun département de ce nom ou de ce code."


def test_search_finds_departements_postcodes_and_names():
    assert geo.search("loiret")[0] == geo.Choice("45", "Loiret (tout le département 45)")
    assert [c.code for c in geo.search("45430")] == ["45043", "45089", "45194"]
    assert geo.search("orléa")[0].code == "45234"
    assert len(geo.search("saint")) == geo.SEARCH_LIMIT
    assert geo.search("") == [] and geo.search("\x00" * 500) == []


def test_overlaps_and_within():
    assert geo.overlaps(["45"], ["45234"]) and geo.overlaps(["45234"], ["45"]) and geo.overlaps(["45"], ["45"])
    assert not geo.overlaps(["45232"], ["53169"])
    assert geo.within(["45234", "45284"], ["45"]) and not geo.within(["45"], ["45234"])
