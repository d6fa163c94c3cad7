"""The shared version's check for withheld values in the text (hsb_desk/report/redact.py),
with what it needs from outside the report: the British word list, and the templates' wording."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hsb_desk import paths
from hsb_desk.formspec.model import FormDefinition

if TYPE_CHECKING:
    from hsb_desk.report.blocks import TextBlocks
    from hsb_desk.report.model import ReportModel
    from hsb_desk.report.redact import Minimised

WORD_LIST = ("spelling", "en_GB.txt")


def ordinary_words(words: set[str]) -> set[str]:
    """Those of ``words`` (lower case) that are ordinary English words. The word list writes a
    name with its capital ("Mia") and a word in lower case ("will", "rose"), so only a lower-case
    entry counts. Read line by line and kept only for the few words asked about."""
    path = paths.resources_dir().joinpath(*WORD_LIST)
    found: set[str] = set()
    try:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                word = line.strip()
                if word in words:
                    found.add(word)
    except (OSError, UnicodeDecodeError):
        return set()  # without the list every name is looked for in any case: more is replaced, not less
    return found


def minimise_shared(
    model: ReportModel, form: FormDefinition, values: Mapping[str, Any], blocks: TextBlocks | None
) -> Minimised:
    """The shared version's model with every withheld value replaced in its text, and what was
    replaced (for the practitioner to review)."""
    from hsb_desk.report.items import block_or
    from hsb_desk.report.redact import WITHHELD_NAME, minimise_report

    name = block_or(blocks, "withheld_name", WITHHELD_NAME)
    return minimise_report(model, form, values, ordinary_words, name)
