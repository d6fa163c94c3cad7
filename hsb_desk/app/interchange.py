"""The JSON interchange format ``hsb-desk.case/1`` (docs/interchange.md): check and build."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hsb_desk.app.form_versions import can_migrate, migrated_values
from hsb_desk.errors import ImportRejected, ValidationFailed
from hsb_desk.formspec.model import FormDefinition
from hsb_desk.formspec.values import check_value, normalise_value
from hsb_desk.store.records import CASE_STATUSES

if TYPE_CHECKING:
    from hsb_desk.app.interchange_pathway import PathwayImport

FORMAT = "hsb-desk.case/1"
REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _/.\-]{0,63}$")
#: No value of a case is a whole number longer than this (a count, a year); a longer one is
#: refused before Python builds it (5,000 digits take a while and then raise).
LONGEST_INTEGER = 20
#: A case document larger than this is refused before it is read: every narrative at its
#: longest (formspec.values) fits well inside it.
LARGEST_DOCUMENT_BYTES = 64_000_000


def parse_json(text: str, refusal: str) -> Any:
    """JSON read strictly: a key given twice in one object, a number too long for any answer, or
    nesting too deep to read is refused (ImportRejected: ``refusal`` and the reason), never taken
    silently or left to fail later as an unexpected problem. Other faults raise ValueError."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(items)
        if len(found) != len(items):
            raise ImportRejected(f"{refusal} A name is given twice in one object.")
        return found

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > LONGEST_INTEGER:
            raise ImportRejected(f"{refusal} A number in it is too long.")
        return int(digits)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=integer)
    except RecursionError as exc:
        raise ImportRejected(f"{refusal} It is nested too deeply.") from exc


def read_document(path: Path, refusal: str) -> Any:
    """A JSON file read with ``parse_json``, refused unread when it is larger than any case can
    be. A file that cannot be read raises ``OSError`` or ``UnicodeDecodeError`` as it is."""
    size = path.stat().st_size
    if size > LARGEST_DOCUMENT_BYTES:
        raise ImportRejected(
            f"{refusal} It is {size / 1_000_000:,.0f} MB, larger than any case can be "
            f"({LARGEST_DOCUMENT_BYTES // 1_000_000} MB at most)."
        )
    return parse_json(path.read_text(encoding="utf-8"), refusal)


def check_reference(reference: Any) -> str | None:
    """Why ``reference`` cannot name a case, or None."""
    if not isinstance(reference, str) or not REFERENCE.match(reference):
        return "a case reference is 1-64 letters, digits, spaces or _ / . - and starts with a letter or digit"
    return None


def parse_case_document(
    form: FormDefinition, data: Any, today: date
) -> tuple[dict[str, Any], dict[str, Any], PathwayImport]:
    """Check a whole document; return (case details, values, its pathway) or raise listing every
    problem."""
    from hsb_desk.app.interchange_pathway import parse_pathway  # it reads the pathway's services

    problems: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        raise ValidationFailed([("document", "must be a JSON object")])
    if data.get("format") != FORMAT:
        problems.append(("format", f"must be {FORMAT!r}"))
    form_ref = data.get("form")
    if not isinstance(form_ref, dict) or form_ref.get("id") != form.id:
        problems.append(("form.id", f"this workbook uses the form {form.id!r}"))
    elif not isinstance(form_ref.get("version"), str):
        problems.append(("form.version", "must be text"))
    case = data.get("case")
    if not isinstance(case, dict):
        problems.append(("case", "must be an object with at least a reference"))
        case = {}
    reason = check_reference(case.get("reference"))
    if reason:
        problems.append(("case.reference", reason))
    status = case.get("status", "draft")
    if status not in CASE_STATUSES:
        problems.append(("case.status", f"must be one of: {', '.join(CASE_STATUSES)}"))
    values = data.get("values", {})
    if not isinstance(values, dict):
        problems.append(("values", "must be an object of field keys and values"))
        values = {}
    version = form_ref.get("version") if isinstance(form_ref, dict) else None
    if (
        isinstance(form_ref, dict)
        and isinstance(version, str)
        and form_ref.get("id") == form.id
        and can_migrate(form, version)
    ):
        # A document written on an earlier version of the form: keyed as this one before it is checked.
        values, form_ref = migrated_values(form, version, values), {**form_ref, "version": form.version}
    for key, value in values.items():
        spec = form.get_field(key)
        if spec is None:
            problems.append((str(key)[:80], "is not a field of this form"))
            continue
        problem = check_value(spec, value, today)
        if problem:
            problems.append((key, problem))
    found = parse_pathway(form, data.get("pathway"), today, problems)
    if status == "closed" and found.closure is None:
        problems.append(("case.status", "a closed case needs its closure (pathway.closure)"))
    if problems:
        raise ValidationFailed(
            problems, f"The file cannot be imported: {len(problems)} problem(s); nothing was changed."
        )
    details = {
        "reference": case["reference"],
        "status": status,
        "form_version": form_ref["version"] if isinstance(form_ref, dict) else form.version,
    }
    # Blank rows and empty answers are not stored, whatever the file holds (a blank row is not a row).
    kept = {key: normalise_value(spec, value) for key, value in values.items() if (spec := form.get_field(key))}
    return details, {k: v for k, v in kept.items() if v is not None}, found


def build_case_document(
    form_id: str, form_version: str, reference: str, status: str, values: dict[str, Any]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "form": {"id": form_id, "version": form_version},
        "case": {"reference": reference, "status": status},
        "values": dict(sorted(values.items())),
    }
