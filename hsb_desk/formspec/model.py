"""The form definition as plain, immutable data: what the UI, validation and report read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from hsb_desk.domain.procedure import ProcedureProfile
from hsb_desk.formspec.migrations import FormMigration

FIELD_TYPES = (
    "text",
    "longtext",
    "date",
    "number",
    "choice",
    "multichoice",
    "yesno",
    "rating",
    "group",
    "computed",
)
OPTION_TYPES = ("choice", "multichoice", "yesno", "rating")
OWNER_ROLES = ("lead", "coworker")
COMPUTE_KINDS = ("age", "ratings", "outcome")
CONSENT_OUTCOMES = ("given", "refused")  # the consent options the chronology dates
#: What a ``sensitive`` field holds, each left out of the shared report (docs/forms.md,
#: "Sensitivity"). ``sensitive: true`` in a pack means the first.
SENSITIVITY_LEVELS = (
    "other_child",  # identifies a child who has been harmed, another child or a third party
    "household_contact",  # the family's home address and personal contact details
    "adult_health",  # a parent's, carer's or other adult's own health and history of abuse
)
SHARED_AS_KINDS = ("age",)  # what a withheld date may be shown as in the shared report
#: Historical factors, which cannot change, and current ones, which can (a field's ``factor``):
#: each kind's fields stand together in their section, fixed first, under a subheading.
FACTOR_KINDS = ("fixed", "changeable")


@dataclass(frozen=True)
class RoleSpec:
    """What a role needs of the field it names, and which feature reads it.

    ``group`` is set for a column role: the role of the group whose column it names (written
    ``{field: GROUP, column: SUB}``). ``options`` are option values the feature reads.
    A pack without an optional role goes without its feature; a required one must be given."""

    types: tuple[str, ...]
    feature: str
    group: str = ""
    required: bool = False
    options: tuple[str, ...] = ()


_CHRONOLOGY = "a chronology entry"
#: The roles a form pack gives its fields, so that features read a role and never a key
#: (docs/forms.md, "Roles").
#: The fields the New case dialog asks for with the reference, by role, where the pack gives them.
NEW_CASE_ROLES = ("child_name", "child_date_of_birth", "case_route", "referral_date")

ROLES: dict[str, RoleSpec] = {
    "child_name": RoleSpec(("text",), "the case list, its search and the window title", required=True),
    "child_date_of_birth": RoleSpec(("date",), "the basic details a hand-out carries"),
    "lead_practitioner": RoleSpec(("text",), "the sign-off's check of who signs without 'on behalf of'"),
    "distribution": RoleSpec(("group",), "the report's distribution list"),
    "distribution_sent": RoleSpec(("date",), "the report's sent or planned dates", group="distribution"),
    "referral_date": RoleSpec(("date",), _CHRONOLOGY + "; the New case dialog"),
    "case_route": RoleSpec(("choice",), "the New case dialog"),
    "allegation_date": RoleSpec(("date",), _CHRONOLOGY),
    "screening_tool_date": RoleSpec(("date",), _CHRONOLOGY),
    "plan_date": RoleSpec(("date",), _CHRONOLOGY),
    "safety_plan_date": RoleSpec(("date",), _CHRONOLOGY),
    "sharing_meeting_date": RoleSpec(("date",), _CHRONOLOGY),
    "incidents": RoleSpec(("group",), "the chronology's incidents"),
    "incident_date": RoleSpec(("date",), "the chronology's incidents", group="incidents"),
    "incident_type": RoleSpec(("choice", "multichoice"), "the chronology's incidents", group="incidents"),
    "incident_setting": RoleSpec(("text",), "the chronology's incidents", group="incidents"),
    "incident_date_approximate": RoleSpec(("yesno",), "the chronology's incidents", group="incidents"),
    "consent_young_person": RoleSpec(("choice",), "the chronology's consent", options=CONSENT_OUTCOMES),
    "consent_young_person_date": RoleSpec(("date",), "the chronology's consent"),
    "consent_carers": RoleSpec(("group",), "the chronology's consent"),
    "consent_carer_name": RoleSpec(("text",), "the chronology's consent", group="consent_carers"),
    "consent_carer_status": RoleSpec(
        ("choice",), "the chronology's consent", group="consent_carers", options=CONSENT_OUTCOMES
    ),
    "consent_carer_date": RoleSpec(("date",), "the chronology's consent", group="consent_carers"),
    # Section 1's pathway decisions, each an entry on its date; police outcome changes.
    "meeting_decision": RoleSpec(("choice",), "the chronology's decisions"),
    "meeting_decision_date": RoleSpec(("date",), "the chronology's decisions"),
    "assessment_decision": RoleSpec(("choice",), "the chronology's decisions"),
    "assessment_decision_date": RoleSpec(("date",), "the chronology's decisions"),
    "panel_decision": RoleSpec(("choice",), "the chronology's decisions"),
    "panel_decision_date": RoleSpec(("date",), "the chronology's decisions"),
    "police_outcome": RoleSpec(("choice",), "the chronology's police outcome changes"),
    # The group of measures of the immediate safety plan: its section is the stand-alone document.
    "safety_plan": RoleSpec(("group",), "the stand-alone safety plan document"),
    # The case over time: the areas a review re-rates, and the plan's targets it follows.
    "area_ratings": RoleSpec(("computed",), "the areas a review re-rates, and the change over time"),
    "intervention_plan": RoleSpec(("group",), "the targets whose progress a review records"),
    "plan_target": RoleSpec(
        ("text", "longtext"), "the targets whose progress a review records", group="intervention_plan"
    ),
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    description: str = ""
    report_label: str = ""  # the report's wording when the screen's does not read as a statement


YESNO_OPTIONS: tuple[Option, ...] = (
    Option("yes", "Yes"),
    Option("no", "No"),
    Option("not_known", "Not known"),
)


@dataclass(frozen=True)
class Condition:
    """Shown only when ``field`` holds one of ``values`` (for multichoice: contains one)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Compute:
    """How a computed field gets its value: ``age`` of a date field, gathered ``ratings``,
    or the ``outcome`` grid response."""

    kind: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SharedAs:
    """How the shared report shows a withheld value in a form that identifies no one: a date of
    birth as the ``age`` on the report's date, under ``label``."""

    kind: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str
    guidance: str = ""
    required: bool = False
    # Left out of the shared report; ``sensitivity`` says why (one of SENSITIVITY_LEVELS).
    sensitive: bool = False
    condition: Condition | None = None
    options: tuple[Option, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    compute: Compute | None = None
    not_future: bool = False
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    item_label: str = ""
    spell_check: bool = True  # narratives only; off for addresses and the like (no_spell_check)
    # The report's wording for the label, where the screen asks a question or gives an instruction
    # ("Does the young person deny the behaviour?" reads in the report "Denies the behaviour").
    report_label: str = ""
    sensitivity: str = ""  # "" when not sensitive; ``sensitive=True`` alone means "other_child"
    # A column naming the child of its row in the report ("Child A"): the shared report puts it
    # in place of that row's withheld name, wherever the name is written.
    pseudonym: bool = False
    shared_as: SharedAs | None = None
    #: The name of the option list the options come from (``options: route``): a procedure
    #: profile can replace that list with its authority's own.
    options_list: str = ""
    factor: str = ""  # "" or one of FACTOR_KINDS: a historical (fixed) or a changeable factor

    def __post_init__(self) -> None:
        # Either setting implies the other, so code reading ``sensitive`` and code reading the
        # level agree (and a FieldSpec made with sensitive=True reads as before).
        if self.sensitive and not self.sensitivity:
            object.__setattr__(self, "sensitivity", SENSITIVITY_LEVELS[0])
        elif self.sensitivity and not self.sensitive:
            object.__setattr__(self, "sensitive", True)

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)

    def option_label(self, value: str) -> str:
        option = self.option(value)
        return option.label if option is not None else value

    @property
    def label_in_report(self) -> str:
        return self.report_label or self.label

    def option_in_report(self, value: str) -> str:
        """An option's wording in the report (its report_label, else its label)."""
        option = self.option(value)
        return (option.report_label or option.label) if option is not None else value

    def sub_field(self, key: str) -> FieldSpec | None:
        for sub in self.fields:
            if sub.key == key:
                return sub
        return None


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    owner: str
    guidance: str = ""
    fields: tuple[FieldSpec, ...] = ()
    reference: tuple[str, ...] = ()
    number: int = 0
    handout: str = ""  # "" or one of HANDOUT_SETTINGS: "lead_chooses" keeps it out of hand-outs by default


#: A section's ``handout`` setting: ``lead_chooses`` keeps its answers out of every co-worker
#: hand-out unless the lead includes it in that hand-out (docs/exchange.md).
HANDOUT_SETTINGS = ("lead_chooses",)


@dataclass(frozen=True)
class ReferenceItem:
    key: str
    label: str
    text: str = ""


@dataclass(frozen=True)
class ReferenceTopic:
    key: str
    title: str
    intro: str = ""
    source: str = ""
    items: tuple[ReferenceItem, ...] = ()


@dataclass(frozen=True)
class GridCell:
    concern: str
    strength: str
    title: str
    response: str


@dataclass(frozen=True)
class OutcomeGrid:
    concern_field: str
    strength_field: str
    concern_levels: tuple[Option, ...]
    strength_levels: tuple[Option, ...]
    cells: tuple[GridCell, ...]
    note: str = ""

    def cell(self, concern: str, strength: str) -> GridCell | None:
        for cell in self.cells:
            if cell.concern == concern and cell.strength == strength:
                return cell
        return None


@dataclass(frozen=True)
class ClosureQuestion:
    """One outcome recorded at closure (recurrence, engagement, ...), answered from ``options``."""

    key: str
    label: str
    options: tuple[Option, ...]
    guidance: str = ""


@dataclass(frozen=True)
class ClosureSpec:
    reasons: tuple[Option, ...]
    outcomes: tuple[ClosureQuestion, ...]


@dataclass(frozen=True)
class RoleRef:
    """The field a role names; ``column`` is a sub-field key when the role names a group's column."""

    field: str
    column: str | None = None


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: str
    title: str
    sections: tuple[SectionSpec, ...]
    reference: dict[str, ReferenceTopic] = field(default_factory=dict)
    grid: OutcomeGrid | None = None
    procedure: ProcedureProfile | None = None
    roles: dict[str, RoleRef] = field(default_factory=dict)
    #: Every procedure profile of the pack (one per authority); ``procedure`` is the one in use.
    procedures: tuple[ProcedureProfile, ...] = ()
    #: profile id -> the option lists (name -> options) that profile puts in place of the form's.
    procedure_lists: Mapping[str, Mapping[str, tuple[Option, ...]]] = field(default_factory=dict)
    #: The form's own option lists by name, so that another profile's lists can be undone.
    option_lists: Mapping[str, tuple[Option, ...]] = field(default_factory=dict)
    default_procedure: str = ""
    migrations: tuple[FormMigration, ...] = ()  # from earlier versions of this pack (migrations.yaml)
    closure: ClosureSpec | None = None  # why a case closes and what is recorded then (form.yaml)

    def profile(self, procedure_id: str) -> ProcedureProfile | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)

    def with_procedure(self, procedure_id: str) -> FormDefinition:
        """This form as used under the profile ``procedure_id``: its rules, and the options of
        every field whose option list the profile replaces (route, police outcome, ...)."""
        profile = self.profile(procedure_id)
        if profile is None:
            raise KeyError(procedure_id)
        if self.procedure is profile:
            return self
        lists = {**self.option_lists, **self.procedure_lists.get(procedure_id, {})}

        def bound(spec: FieldSpec) -> FieldSpec:
            subs = tuple(bound(sub) for sub in spec.fields)
            options = lists.get(spec.options_list, spec.options) if spec.options_list else spec.options
            if options == spec.options and subs == spec.fields:
                return spec
            return replace(spec, options=options, fields=subs)

        sections = tuple(replace(s, fields=tuple(bound(f) for f in s.fields)) for s in self.sections)
        return replace(self, sections=sections, procedure=profile)

    def __post_init__(self) -> None:
        index: dict[str, tuple[SectionSpec, FieldSpec]] = {}
        for section in self.sections:
            for spec in section.fields:
                index[spec.key] = (section, spec)
        object.__setattr__(self, "_index", index)

    def iter_fields(self) -> Iterator[tuple[SectionSpec, FieldSpec]]:
        """Every top-level field with its section, in form order."""
        for section in self.sections:
            for spec in section.fields:
                yield section, spec

    def get_field(self, key: str) -> FieldSpec | None:
        found = self._index.get(key)  # type: ignore[attr-defined]
        return found[1] if found else None

    def section_of(self, key: str) -> SectionSpec | None:
        found = self._index.get(key)  # type: ignore[attr-defined]
        return found[0] if found else None

    def stored_keys(self, sections: tuple[str, ...] | list[str]) -> list[str]:
        """Keys of the fields of ``sections`` that hold values (not computed ones), in form order."""
        return [spec.key for section, spec in self.iter_fields() if section.key in sections and spec.type != "computed"]

    def role_key(self, role: str) -> str | None:
        """The key of the field given ``role`` in this pack (for a column role: its group's key)."""
        ref = self.roles.get(role)
        return ref.field if ref is not None else None

    def role_field(self, role: str) -> FieldSpec | None:
        """The field given ``role``, or None when this pack gives the role to no field."""
        key = self.role_key(role)
        return self.get_field(key) if key is not None else None

    def role_column(self, role: str) -> tuple[FieldSpec, FieldSpec] | None:
        """(group, column) for a role that names a column of a group."""
        ref = self.roles.get(role)
        group = self.get_field(ref.field) if ref is not None else None
        column = group.sub_field(ref.column) if group is not None and ref is not None and ref.column else None
        return (group, column) if group is not None and column is not None else None

    def section(self, key: str) -> SectionSpec | None:
        for section in self.sections:
            if section.key == key:
                return section
        return None
