"""The hand-out dialog's choice for the child who has been harmed (issue 18, item 2): the box is
unticked to begin with, its words say what it does, and the answer the lead gives by clicking is
what the hand-out carries (a real workbook over the real form pack, the payload decrypted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from coworking.test_child_harmed_handout import CHILDREN, ROWS, hand_out, harmed_section, lead_case
from PySide6.QtCore import Qt

from hsb_desk.app import exchange
from hsb_desk.ui.actions.coworking_dialogs import HandoutDialog


def _dialog(qtbot: Any, lead: Any, reference: str) -> HandoutDialog:
    kept_out = [lead.form.section(key) for key in exchange.kept_out_sections(lead, reference)]
    dialog = HandoutDialog(kept_out)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("tick", [False, True])
def test_the_box_decides_whether_the_child_harmed_record_goes(qtbot: Any, tmp_path: Path, tick: bool) -> None:
    with lead_case(tmp_path) as (lead, reference):
        dialog = _dialog(qtbot, lead, reference)
        section = lead.form.section(harmed_section(lead.form))
        assert section is not None
        name = f"{section.number}. {section.title}"
        assert not dialog.include.isChecked()
        assert dialog.include.text() == f"Include {name} in this hand-out (the co-worker's copy will hold its answers)"
        if tick:
            qtbot.mouseClick(dialog.include, Qt.MouseButton.LeftButton)
            assert dialog.include.isChecked()
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == HandoutDialog.DialogCode.Accepted and not dialog.isVisible()

        _, package = hand_out(lead, reference, tmp_path / "out.hsbx", include_kept_out=dialog.include_kept_out())
        assert (section.key in package.payload["sections"]) is tick
        assert package.payload["values"].get(CHILDREN) == (ROWS if tick else None)


def test_clicking_twice_leaves_it_out_and_cancel_hands_nothing_out(qtbot: Any, tmp_path: Path) -> None:
    with lead_case(tmp_path) as (lead, reference):
        dialog = _dialog(qtbot, lead, reference)
        qtbot.mouseClick(dialog.include, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.include, Qt.MouseButton.LeftButton)
        assert not dialog.include_kept_out()
        cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert dialog.result() == HandoutDialog.DialogCode.Rejected
