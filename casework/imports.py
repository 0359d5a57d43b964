"""The landlord's monthly arrears extract (CSV): parse, validate every row, import all or nothing.

Columns are documented in docs/casework.md. UTF-8 (with or without BOM) or Windows-1252, `;` or `,` separated.
Rows are keyed on lease reference + statement date: re-importing the same or a corrected file updates, never
duplicates. Rows of households not referred are deleted once the decision is made, and after 30 days at most.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from casework import eligibility
from casework.arrears import check_plans
from casework.enums import Guarantee, ImportStatus
from casework.models import ArrearsImport, ArrearsImportRow, ArrearsStatement
from casework.services import NewReferral, create_referral, open_case_for_lease
from portal import audit, csv_export, formats, geo

COLUMNS = [
    # (header, field, required, description)
    ("reference_bail", "lease_reference", True, "Référence du bail (unique chez le bailleur)"),
    ("date_releve", "statement_date", True, "Date du relevé de solde (JJ/MM/AAAA ou AAAA-MM-JJ)"),
    ("nom", "tenant_name", True, "Nom et prénom du ou de la titulaire du bail"),
    ("adresse", "address", True, "Adresse du logement"),
    ("code_postal", "postcode", True, "Code postal (5 chiffres)"),
    ("commune", "commune", False, "Commune (obligatoire sans code INSEE)"),
    ("code_insee", "commune_code", False, "Code INSEE de la commune (sinon le code postal et la commune suffisent)"),
    ("agence", "agency", False, "Agence de proximité"),
    ("date_entree", "moved_in_on", True, "Date d'entrée dans les lieux"),
    ("loyer_charges", "monthly_rent", True, "Loyer et charges mensuels en euros (1234,56 ou 1234.56)"),
    ("apl", "monthly_apl", False, "APL mensuelle versée au bailleur, en euros (0 si aucune)"),
    ("garantie", "guarantee", True, "aucune, fsl, loca-pass, visale ou autre"),
    ("solde", "balance", True, "Solde dû à la date du relevé, en euros"),
    ("telephone", "phone", False, "Téléphone du ménage"),
    ("email", "email", False, "E-mail du ménage"),
    ("tentatives_bailleur", "landlord_attempts", False, "Tentatives de contact du bailleur restées sans réponse"),
]
REQUIRED_HEADERS = [c[0] for c in COLUMNS if c[2]]
GUARANTEE_WORDS = {
    "aucune": Guarantee.NONE,
    "non": Guarantee.NONE,
    "": Guarantee.NONE,
    "fsl": Guarantee.FSL,
    "loca-pass": Guarantee.LOCA_PASS,
    "locapass": Guarantee.LOCA_PASS,
    "loca pass": Guarantee.LOCA_PASS,
    "visale": Guarantee.VISALE,
    "autre": Guarantee.OTHER,
}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
UNREFERRED_RETENTION_DAYS = ArrearsImport.RETENTION_DAYS


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__("import refusé")
        self.errors = errors  # [(line number or None, message)]


def decode(raw: bytes):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict"), "windows-1252"


def parse_date(value):
    value = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date illisible « {value} » (attendu JJ/MM/AAAA)")


@dataclass
class ParsedFile:
    encoding: str
    delimiter: str
    rows: list = field(default_factory=list)


def parse(raw: bytes):
    """Every row validated; raises ImportRefused with every error (line, French message) if any."""
    text, encoding = _decoded(raw)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        raise ImportRefused([(1, f"Colonne(s) manquante(s) : {', '.join(missing)}. Voir les colonnes attendues.")])
    parsed = ParsedFile(encoding=encoding, delimiter=delimiter)
    errors = []
    seen = {}
    for index, raw_row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw_row.items() if k}
        if not any(row.values()):
            continue
        if len(parsed.rows) >= MAX_ROWS:
            errors.append((index, f"Plus de {MAX_ROWS} lignes : découpez l'extraction."))
            break
        values, row_errors = _row_values(row)
        key = (values.get("lease_reference"), values.get("statement_date"))
        if not row_errors and key in seen:
            row_errors.append(f"même bail et même date de relevé qu'à la ligne {seen[key]}")
        seen.setdefault(key, index)
        if row_errors:
            errors.append((index, " ; ".join(row_errors)))
        else:
            parsed.rows.append(values)
    if errors:
        raise ImportRefused(errors)
    if not parsed.rows:
        raise ImportRefused([(None, "Le fichier ne contient aucune ligne.")])
    return parsed


def _decoded(raw):
    if len(raw) > MAX_BYTES:
        raise ImportRefused([(None, "Le fichier dépasse 5 Mo. Découpez l'extraction.")])
    try:
        return decode(raw)
    except UnicodeDecodeError:
        raise ImportRefused(
            [(None, "Encodage non reconnu : enregistrez le fichier en UTF-8 ou Windows-1252.")]
        ) from None


def _row_values(row):
    """The typed values of one row and its errors, one per column ("header : reason")."""
    values, row_errors = {}, []
    for header, name, required, _ in COLUMNS:
        try:
            values[name] = _column_value(name, row.get(header, ""), required)
        except ValueError as error:
            row_errors.append(f"{header} : {error}")
    if not row_errors:
        try:
            values["commune_code"], values["commune"] = row_commune(values)
        except ValueError as error:
            row_errors.append(str(error))
    return values, row_errors


def row_commune(values):
    """(code INSEE, name) of the row's commune: by its code INSEE when given, else by its postcode and name."""
    code = values.get("commune_code", "").upper()
    if code:
        found = geo.commune(code)
        if found is None:
            raise ValueError(f"code_insee : code INSEE inconnu « {code[:10]} »")
        return found.code, found.name
    if not values.get("commune"):
        raise ValueError("commune : valeur manquante (ou indiquez le code_insee)")
    found = geo.at_address(values["postcode"], values["commune"])
    if len(found) != 1:
        problem = "plusieurs communes portent" if found else "aucune commune ne porte"
        raise ValueError(
            f"commune : {problem} ce nom avec le code postal {values['postcode']} ; indiquez le code_insee"
        )
    return found[0].code, values["commune"]


def _column_value(name, value, required):
    if name in ("statement_date", "moved_in_on"):
        day = parse_date(value) if value or required else None
        if day and day > timezone.localdate() + timedelta(days=1):
            raise ValueError("date dans le futur")
        return day
    if name in ("monthly_rent", "balance"):
        return formats.parse_amount(value)
    if name == "monthly_apl":
        return formats.parse_amount(value, required=False)
    if name == "guarantee":
        if value.lower() not in GUARANTEE_WORDS:
            raise ValueError(f"garantie inconnue « {value} » (aucune, fsl, loca-pass, visale, autre)")
        return GUARANTEE_WORDS[value.lower()]
    if name == "postcode":
        if not re.fullmatch(r"\d{5}", value.replace(" ", "")):
            raise ValueError(f"code postal invalide « {value} »")
        return value.replace(" ", "")
    if required and not value:
        raise ValueError("valeur manquante")
    return value


def row_criteria(programme, values, on=None):
    criteria = eligibility.criteria(
        programme,
        commune=values["commune_code"],
        guarantee=values["guarantee"],
        moved_in_on=values["moved_in_on"],
        monthly_rent=values["monthly_rent"],
        monthly_apl=values["monthly_apl"],
        arrears=values["balance"],
        attempts_logged=bool(values.get("landlord_attempts")),
        attempts_unanswered=bool(values.get("landlord_attempts")),
        on=on or values["statement_date"],
    )
    return [c.as_dict() for c in criteria]


@transaction.atomic
def import_file(programme, user, uploaded_name, raw: bytes, request=None):
    """Parse and store the whole file, or raise ImportRefused and store nothing."""
    parsed = parse(raw)
    arrears_import = ArrearsImport.objects.create(
        programme=programme,
        uploaded_by=user,
        filename=uploaded_name[:200],
        encoding=parsed.encoding,
        row_count=len(parsed.rows),
    )
    statements = 0
    for values in parsed.rows:
        criteria = row_criteria(programme, values)
        case = open_case_for_lease(programme.landlord, values["lease_reference"])
        ArrearsImportRow.objects.update_or_create(
            landlord=programme.landlord,
            lease_reference=values["lease_reference"],
            statement_date=values["statement_date"],
            defaults={
                **{k: v for k, v in values.items() if k not in ("lease_reference", "statement_date")},
                "arrears_import": arrears_import,
                "eligibility": {"criteria": criteria},
                "is_eligible": eligibility.all_met(criteria),
                "case": case,
            },
        )
        if case is not None:
            # A household already followed: the extract is its monthly arrears statement.
            ArrearsStatement.objects.update_or_create(
                case=case,
                statement_date=values["statement_date"],
                defaults={"balance": values["balance"], "recorded_by": user},
            )
            statements += 1
    audit.record(
        request or user, "arrears_import.imported", arrears_import, rows=len(parsed.rows), statements=statements
    )
    if statements:
        check_plans(programme=programme)
    return arrears_import


def decide(arrears_import, user, request=None):
    """The referral decision is made: rows of households not referred are deleted now."""
    deleted, _ = arrears_import.rows.filter(case__isnull=True).delete()
    arrears_import.status = ImportStatus.DECIDED
    arrears_import.decided_at = timezone.now()
    arrears_import.save(update_fields=["status", "decided_at"])
    audit.record(request or user, "arrears_import.decided", arrears_import, deleted_rows=deleted)
    return deleted


def _refer_row(arrears_import, row, user, request):
    """One row referred: its household's case, its first arrears statement, the row linked to the case."""
    first, _, last = row.tenant_name.partition(" ")
    details = NewReferral(
        lease_reference=row.lease_reference,
        tenant_first_name=first,
        tenant_last_name=last,
        household_size=1,
        address=row.address,
        postcode=row.postcode,
        commune=row.commune,
        commune_code=row.commune_code,
        agency=row.agency,
        moved_in_on=row.moved_in_on,
        monthly_rent=row.monthly_rent,
        monthly_apl=row.monthly_apl,
        guarantee=row.guarantee,
        arrears_amount=row.balance,
        landlord_attempts=row.landlord_attempts,
        criteria=row.eligibility.get("criteria", []),
        phone=row.phone,
        email=row.email,
    )
    case = create_referral(arrears_import.programme, user, details, request=request)
    ArrearsStatement.objects.get_or_create(
        case=case, statement_date=row.statement_date, defaults={"balance": row.balance, "recorded_by": user}
    )
    row.case = case
    row.save(update_fields=["case"])
    return case


@transaction.atomic
def refer_chosen(arrears_import, rows, request):
    """The landlord's decision on an import: the chosen eligible rows referred (a lease with an open case is
    skipped), then the rows not referred deleted. Returns (referred, deleted)."""
    user = request.user
    referred = 0
    for row in rows:
        if open_case_for_lease(row.landlord, row.lease_reference):
            continue
        _refer_row(arrears_import, row, user, request)
        referred += 1
    return referred, decide(arrears_import, user, request=request)


def purge_expired_rows(now=None):
    """Unreferred rows older than 30 days go, whatever the decision (docs/rules.md § 7)."""
    cutoff = (now or timezone.now()) - timedelta(days=UNREFERRED_RETENTION_DAYS)
    deleted, _ = ArrearsImportRow.objects.filter(case__isnull=True, arrears_import__uploaded_at__lte=cutoff).delete()
    return deleted


def template_csv():
    """A sample file with the documented headers (offered for download)."""
    buffer = io.StringIO()
    writer = csv_export.writer(buffer)
    writer.writerow([c[0] for c in COLUMNS])
    writer.writerow(
        [
            "B-000123",
            formats.day(date.today()),
            "Nom Prénom",
            "1 rue Exemple",
            "45000",
            "Orléans",
            "Agence Centre",
            "01/07/2026",
            "520,00",
            "180,00",
            "aucune",
            "780,00",
            "06 00 00 00 00",
            "",
            "Courrier du 02/10 et appel du 15/10 sans réponse",
        ]
    )
    return buffer.getvalue()
