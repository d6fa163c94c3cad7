"""Fictional benchmark data, deterministic from a seed.

* ``example_document()``: the fully filled demo case (resources/demo/example-case.json).
* ``grown_document()``: the same case with 10x the incidents and 10x the narrative text.
* ``many_cases_workbook(n)``: a workbook of ``n`` cases (the example case plus ``n - 1`` generated
  ones, each filled to a different depth), written straight through the store (repositories and
  audit log, a few large transactions) and cached under ``~/.cache/hsb-desk-bench`` keyed by
  seed, case count, schema version, form version and this generator's version. Generated
  workbooks are never committed.

Every name, date and sentence here is invented.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hsb_desk.app.demo import demo_documents
from hsb_desk.app.workbooks import default_form
from hsb_desk.formspec import FormDefinition
from hsb_desk.store import schema
from hsb_desk.store.records import Profile
from hsb_desk.store.workbook import Workbook

GENERATOR_VERSION = 1
SEED = 20261021
BENCH_PASSPHRASE = "benchmark workbook only"
EXAMPLE_REFERENCE = "HSB-2026-0001"
GROWN_REFERENCE = "HSB-BENCH-GROWN"
PROFILE = Profile("Bench Practitioner", "Social worker (benchmark)", "Example Council (fictional)", "bench@example.org")
CASES_PER_TRANSACTION = 500

FIRST_NAMES = [
    "Alex",
    "Riley",
    "Jordan",
    "Casey",
    "Morgan",
    "Taylor",
    "Jamie",
    "Charlie",
    "Sam",
    "Robin",
    "Avery",
    "Quinn",
    "Rowan",
    "Harley",
    "Skyler",
    "Reese",
    "Ellis",
    "Finley",
    "Kai",
    "Logan",
    "Parker",
    "Emerson",
    "Dakota",
    "Hayden",
    "Marley",
    "Sasha",
    "Toby",
    "Ira",
    "Noel",
    "Jude",
]
SURNAMES = [
    "Sample",
    "Example",
    "Placeholder",
    "Fictional",
    "Testington",
    "Demo",
    "Mockford",
    "Specimen",
    "Madeup",
    "Pretend",
    "Notreal",
    "Imaginary",
    "Invented",
    "Dummy",
    "Standin",
    "Proxyworth",
    "Fakeham",
    "Lorem",
    "Ipsumby",
    "Templeton",
]
WORDS = [
    "the",
    "young",
    "person",
    "school",
    "home",
    "family",
    "carer",
    "said",
    "worker",
    "plan",
    "safety",
    "session",
    "online",
    "phone",
    "agreed",
    "review",
    "concern",
    "strength",
    "support",
    "meeting",
    "teacher",
    "brother",
    "sister",
    "friend",
    "evening",
    "week",
    "adult",
    "supervision",
    "boundaries",
    "consent",
    "relationship",
    "understanding",
    "account",
    "behaviour",
    "progress",
]
STATUSES = ("draft", "draft", "draft", "with_coworker", "awaiting_signoff", "signed_off", "archived")


def example_document() -> dict[str, Any]:
    return copy.deepcopy(demo_documents()[0])


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def grow_text(text: str, factor: int, rng: random.Random) -> str:
    """``text`` followed by invented paragraphs until it is about ``factor`` times as long."""
    target, parts = len(text) * factor, [text]
    while sum(len(p) + 2 for p in parts) < target:
        parts.append(" ".join(sentence(rng, rng.randint(8, 18)) for _ in range(4)))
    return "\n\n".join(parts)[: target + 200]


def grown_document(form: FormDefinition | None = None, factor: int = 10, seed: int = SEED) -> dict[str, Any]:
    """The example case with ``factor`` times the incidents and ``factor`` times each narrative."""
    form = form or default_form()
    rng = random.Random(seed)
    document = example_document()
    document["case"]["reference"] = GROWN_REFERENCE
    values = document["values"]
    longtext = {spec.key for _, spec in form.iter_fields() if spec.type == "longtext"}
    for key in sorted(values):
        if key in longtext and isinstance(values[key], str):
            values[key] = grow_text(values[key], factor, rng)
    incidents = values["behaviour.incidents"]
    grown = []
    for copy_number in range(factor):
        for incident in incidents:
            item = copy.deepcopy(incident)
            day = date.fromisoformat(item["date"]) - timedelta(days=7 * copy_number)
            item["date"] = day.isoformat()
            item["setting"] = f"{item['setting']} ({copy_number + 1})"
            grown.append(item)
    values["behaviour.incidents"] = grown
    return document


def generated_case(number: int, rng: random.Random, template: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(reference, status, values): a case filled to a random depth of the example's fields."""
    keys = list(template)
    depth = rng.choice((8, 12, 20, 40, 70, len(keys))) if number % 10 else len(keys)
    values = {key: copy.deepcopy(template[key]) for key in keys[:depth]}
    first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    born = date(2008, 1, 1) + timedelta(days=rng.randint(0, 365 * 7))
    referred = date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
    values.update(
        {
            "child.full_name": f"{first} {rng.choice(FIRST_NAMES)} {surname}",
            "child.preferred_name": first,
            "child.date_of_birth": born.isoformat(),
            "referral.date": referred.isoformat(),
            "referral.allegation_date": (referred - timedelta(days=rng.randint(0, 20))).isoformat(),
        }
    )
    return f"BENCH-{number:05d}", rng.choice(STATUSES), values


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "hsb-desk-bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_key(n: int, seed: int, form: FormDefinition) -> str:
    example = json.dumps(example_document(), sort_keys=True)
    material = f"{GENERATOR_VERSION}|{seed}|{n}|{schema.CURRENT_VERSION}|{form.id}|{form.version}|{example}"
    return hashlib.sha256(material.encode()).hexdigest()[:12]


def many_cases_workbook(n: int, seed: int = SEED, form: FormDefinition | None = None) -> Path:
    """The cached workbook of ``n`` cases (built on first use). Copy it before opening it."""
    form = form or default_form()
    path = cache_dir() / f"cases-{n}-seed{seed}-schema{schema.CURRENT_VERSION}-{cache_key(n, seed, form)}.hsbdesk"
    if path.is_file():
        return path
    partial = path.with_name(path.name + ".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    build_workbook(partial, n, seed, form)
    partial.rename(path)
    return path


def build_workbook(path: Path, n: int, seed: int, form: FormDefinition) -> None:
    rng = random.Random(seed)
    example = example_document()
    template = example["values"]
    actor = PROFILE.name
    workbook = Workbook.create(path, BENCH_PASSPHRASE)
    try:
        with workbook.transaction():
            workbook.profile.set(PROFILE)
            case = workbook.cases.create(EXAMPLE_REFERENCE, form.id, form.version, actor)
            for key, value in template.items():
                workbook.values.set(case, key, value, actor, action="value imported")
        numbers = list(range(1, n))
        for start in range(0, len(numbers), CASES_PER_TRANSACTION):
            with workbook.transaction():
                for number in numbers[start : start + CASES_PER_TRANSACTION]:
                    reference, status, values = generated_case(number, rng, template)
                    case = workbook.cases.create(reference, form.id, form.version, actor, status)
                    for key, value in values.items():
                        workbook.values.set(case, key, value, actor, action="value imported")
    finally:
        workbook.close()


def copy_workbook(source: Path, target: Path) -> Path:
    """A private copy of a (closed, checkpointed) workbook, so benchmarks never touch the cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


if __name__ == "__main__":
    import time

    for count in (50, 5000):
        started = time.perf_counter()
        built = many_cases_workbook(count)
        print(f"{built} ({built.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
