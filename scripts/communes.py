"""Regenerate portal/data/communes.json.gz from the official geographic code (Code officiel géographique).

The source is the npm package @etalab/decoupage-administratif (data/communes.json and data/departements.json),
fetched by hand, never at run time:

    mkdir -p /tmp/cog && cd /tmp/cog && npm pack @etalab/decoupage-administratif && tar xzf *.tgz
    python scripts/communes.py /tmp/cog/package

Kept: current communes (« commune-actuelle ») and the municipal arrondissements of Paris, Lyon and Marseille
(with their commune's code), each as [code INSEE, name, postcodes separated by spaces, département, parent];
and the départements as [code, name]. Delegated and associated communes are left out (they are not current
communes). The output is written with a fixed gzip date, so the same source gives the same bytes.
"""

import gzip
import io
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "portal" / "data" / "communes.json.gz"
KEPT_TYPES = {"commune-actuelle", "arrondissement-municipal"}


def rows(communes):
    for item in communes:
        if item["type"] not in KEPT_TYPES:
            continue
        postcodes = " ".join(sorted(set(item.get("codesPostaux") or [])))
        yield [item["code"], item["nom"], postcodes, item["departement"], item.get("commune", "")]


def build(package_dir):
    package_dir = Path(package_dir)
    meta = json.loads((package_dir / "package.json").read_text())
    communes = json.loads((package_dir / "data" / "communes.json").read_text())
    departements = json.loads((package_dir / "data" / "departements.json").read_text())
    return {
        "source": f"{meta['name']} {meta['version']}",
        "departements": sorted([d["code"], d["nom"]] for d in departements),
        "communes": sorted(rows(communes)),
    }


def write(data, output=OUTPUT):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as archive:
        archive.write(text)
    output.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage : python scripts/communes.py <dossier du paquet décompressé>")
    data = build(sys.argv[1])
    size = write(data)
    print(
        f"{len(data['communes'])} communes, {len(data['departements'])} départements, {size} octets ({data['source']})"
    )
