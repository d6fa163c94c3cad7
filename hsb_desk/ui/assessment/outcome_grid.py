"""The outcome grid: level of concern against level of strengths, chosen by click or keyboard.

Choosing a cell sets both overall ratings. The chosen cell is marked with a tick and the words
"Selected", not by colour alone, and the response it indicates is shown beneath.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from hsb_desk.formspec.model import OutcomeGrid
from hsb_desk.ui import strings
from hsb_desk.ui.style import set_role


class GridCellButton(QPushButton):
    """A checkable cell whose text wraps, so the grid fits any window width."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(90, 64)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.label)

    def set_label(self, text: str) -> None:
        self.label.setText(text)
        self.setMinimumHeight(max(64, self.label.heightForWidth(max(self.width() - 12, 80)) + 12))


class OutcomeGridWidget(QWidget):
    """``chosen(concern, strength)`` fires when the user picks a cell."""

    chosen = Signal(str, str)

    def __init__(self, grid: OutcomeGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.concern: str | None = None
        self.strength: str | None = None
        outer = QVBoxLayout(self)
        title = QLabel(strings.GRID_TITLE, self)
        set_role(title, "gridTitle")
        outer.addWidget(title)
        layout = QGridLayout()
        layout.setSpacing(4)
        outer.addLayout(layout)
        corner = QLabel(f"{strings.GRID_CONCERN} ↓  {strings.GRID_STRENGTH} →", self)
        layout.addWidget(corner, 0, 0)
        for column, level in enumerate(grid.strength_levels, start=1):
            header = QLabel(level.label, self)
            header.setWordWrap(True)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(header, 0, column)
        self.cells: dict[tuple[str, str], GridCellButton] = {}
        self.positions: dict[tuple[int, int], tuple[str, str]] = {}
        # Highest concern first, as practitioners read the grid from the top.
        for row, concern in enumerate(reversed(grid.concern_levels), start=1):
            row_label = QLabel(concern.label, self)
            row_label.setWordWrap(True)
            layout.addWidget(row_label, row, 0)
            for column, strength in enumerate(grid.strength_levels, start=1):
                cell = grid.cell(concern.value, strength.value)
                button = GridCellButton(self)
                button.setAccessibleName(
                    f"{strings.GRID_CONCERN} {concern.label}, {strings.GRID_STRENGTH} {strength.label}"
                )
                button.setToolTip(cell.response if cell else "")
                button.clicked.connect(lambda _=False, c=concern.value, s=strength.value: self._pick(c, s))
                layout.addWidget(button, row, column)
                self.cells[(concern.value, strength.value)] = button
                self.positions[(row, column)] = (concern.value, strength.value)
        for column in range(1, len(grid.strength_levels) + 1):
            layout.setColumnStretch(column, 1)
        self.response = QLabel(self)
        self.response.setWordWrap(True)
        self.response.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.response)
        if grid.note:
            note = QLabel(grid.note, self)
            note.setWordWrap(True)
            set_role(note, "gridNote")
            outer.addWidget(note)
        self.show_choice(None, None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys move between cells; Space or Enter chooses (as on any button)."""
        steps = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}
        step = steps.get(Qt.Key(event.key()))
        focused = next((pos for pos, key in self.positions.items() if self.cells[key].hasFocus()), None)
        if step is None or focused is None:
            super().keyPressEvent(event)
            return
        target = (focused[0] + step[0], focused[1] + step[1])
        if target in self.positions:
            self.cells[self.positions[target]].setFocus()

    def _pick(self, concern: str, strength: str) -> None:
        self.show_choice(concern, strength)
        self.chosen.emit(concern, strength)

    def show_choice(self, concern: str | None, strength: str | None) -> None:
        self.concern, self.strength = concern, strength
        for (c, s), button in self.cells.items():
            cell = self.grid.cell(c, s)
            selected = (c, s) == (concern, strength)
            button.setChecked(selected)
            title = cell.title if cell and cell.title else f"{c} / {s}"
            button.set_label(f"{strings.GRID_SELECTED}\n{title}" if selected else title)
            font = button.label.font()
            font.setBold(selected)  # with the tick and the word: never colour alone
            button.label.setFont(font)
            button.setAccessibleDescription(strings.GRID_SELECTED if selected else "")
        cell = self.grid.cell(concern, strength) if concern and strength else None
        self.response.setText(strings.GRID_RESPONSE.format(response=cell.response) if cell else strings.GRID_NONE)
