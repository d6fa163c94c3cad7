"""The form definition as plain JSON (``hsb-desk forms --json``)."""

from __future__ import annotations

from typing import Any

from hsb_desk.formspec.model import OPTION_TYPES, FieldSpec, FormDefinition


def form_to_json(form: FormDefinition) -> dict[str, Any]:
    result: dict[str, Any] = {
        "form": {"id": form.id, "version": form.version, "title": form.title},
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "owner": s.owner,
                "guidance": s.guidance,
                "reference": list(s.reference),
                "fields": [_field(f) for f in s.fields],
            }
            for s in form.sections
        ],
        "reference": {
            key: {
                "title": t.title,
                "source": t.source,
                "intro": t.intro,
                "items": [{"key": i.key, "label": i.label, "text": i.text} for i in t.items],
            }
            for key, t in form.reference.items()
        },
    }
    if form.grid is not None:
        grid = form.grid
        result["outcome_grid"] = {
            "concern_field": grid.concern_field,
            "strength_field": grid.strength_field,
            "concern_levels": [{"value": o.value, "label": o.label} for o in grid.concern_levels],
            "strength_levels": [{"value": o.value, "label": o.label} for o in grid.strength_levels],
            "cells": [
                {"concern": c.concern, "strength": c.strength, "title": c.title, "response": c.response}
                for c in grid.cells
            ],
            "note": grid.note,
        }
    if form.migrations:
        result["migrations"] = [
            {
                "from": m.source,
                "to": m.target,
                "moved": m.key_map(),
                "sections": {old: list(new) for old, new in m.sections},
            }
            for m in form.migrations
        ]
    return result


def _field(spec: FieldSpec) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": spec.key,
        "label": spec.label,
        **({"report_label": spec.report_label} if spec.report_label else {}),
        "type": spec.type,
        **({"factor": spec.factor} if spec.factor else {}),
        "required": spec.required,
        "sensitive": spec.sensitive,
        "sensitivity": spec.sensitivity or None,
        "guidance": spec.guidance,
        "condition": (
            None if spec.condition is None else {"field": spec.condition.field, "values": list(spec.condition.values)}
        ),
    }
    if spec.type in OPTION_TYPES:
        data["options"] = [
            {"value": o.value, "label": o.label, **({"report_label": o.report_label} if o.report_label else {})}
            for o in spec.options
        ]
    if spec.type == "group":
        data["fields"] = [_field(sub) for sub in spec.fields]
    if spec.pseudonym:
        data["pseudonym"] = True
    if spec.shared_as is not None:
        data["shared_as"] = {"kind": spec.shared_as.kind, "label": spec.shared_as.label}
    if spec.compute is not None:
        data["compute"] = {"kind": spec.compute.kind, "from": list(spec.compute.sources)}
    return data
