"""Change over time: each area's level of concern and of strengths at the assessment and at
each review (app/pathway/reviews.change_over_time), as a small table and a chart.

The table is a model (``ChangeOverTimeModel``: areas as rows, the assessment and each review as
columns, a cell reading "Concern: High / Strength: Low"); the chart is drawn with QPainter, in
the palette's colours, so it reads alike offscreen, in light and in dark mode. Concern and
strength are told apart by more than colour: a solid line with round marks for concern, a
dashed one with square marks for strengths, and the legend says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hsb_desk.domain.dates import parse_iso_date
from hsb_desk.ui import strings
from hsb_desk.ui.keyboard import tab_moves_on
from hsb_desk.ui.style import is_dark, set_role

if TYPE_CHECKING:
    from hsb_desk.app.change_over_time import ChangeOverTime
    from hsb_desk.app.pathway.reviews import AreaRating

Index = QModelIndex | QPersistentModelIndex
#: (on a light background, on a dark one): each at least 4.5:1 on the chart's base colour.
LINE_COLOURS = {"concern": ("#b00020", "#ff8a80"), "strength": ("#1b5e20", "#8fd694")}


def uk_date(iso: str, short: bool = False) -> str:
    """23/06/2026 (23/06/26 ``short``: under a small chart, where "Assessment" or "Review (…)"
    would not fit three to a chart)."""
    day = parse_iso_date(iso)
    return (f"{day:%d/%m/%y}" if short else f"{day:%d/%m/%Y}") if day else iso


class ChangeOverTimeModel(QAbstractTableModel):
    """Rows: the rated areas; columns: the assessment, then each review, oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.change: ChangeOverTime | None = None
        self.levels: dict[str, str] = {}

    def show(self, change: ChangeOverTime | None, levels: Sequence[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.change, self.levels = change, dict(levels)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() or self.change is None else len(self.change.areas)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.change is None else len(self.change.columns)

    def rating(self, row: int, column: int) -> AreaRating | None:
        if self.change is None:
            return None
        area = self.change.areas[row].key
        return self.change.columns[column].ratings.get(area)

    def level_label(self, value: str | None) -> str:
        return self.levels.get(value, value) if value else strings.CHANGE_NOT_RATED

    def cell_text(self, row: int, column: int, separator: str = "\n") -> str:
        rating = self.rating(row, column)
        concern = self.level_label(rating.concern if rating else None)
        strength = self.level_label(rating.strength if rating else None)
        return separator.join(
            (strings.CHANGE_CONCERN_CELL.format(level=concern), strings.CHANGE_STRENGTH_CELL.format(level=strength))
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.change is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), index.column())
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            column = self.change.columns[index.column()]
            area = self.change.areas[index.row()]
            cell = self.cell_text(index.row(), index.column(), "; ")
            return f"{area.label}, {column.label} ({uk_date(column.on)}): {cell}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.change is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.change.columns):
                column = self.change.columns[section]
                return f"{column.label}\n{uk_date(column.on)}"
            return None
        if 0 <= section < len(self.change.areas):
            return self.change.areas[section].label
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ChangeChart(QWidget):
    """One small chart per area, side by side in rows: the level (low to high, upwards) at the
    assessment and each review, left to right; concern solid and round, strengths dashed and
    square. Areas or columns with no rating leave a gap, never a made-up point."""

    AREA_WIDTH, AREA_HEIGHT, COLUMNS_PER_ROW = 260, 132, 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: ChangeOverTimeModel | None = None
        self.setAccessibleName(strings.CHANGE_CHART)
        self.setMinimumHeight(self.AREA_HEIGHT + 40)

    def set_model(self, model: ChangeOverTimeModel) -> None:
        self.model = model
        model.modelReset.connect(self._reset)
        self._reset()

    def _reset(self) -> None:
        self._fit()
        self.update()

    def _fit(self) -> None:
        # In a scroll area: tall enough for every area's chart at the width it is given.
        self.setMinimumHeight(self.heightForWidth(max(self.width(), self.AREA_WIDTH)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _per_row(self) -> int:
        return max(1, min(self.COLUMNS_PER_ROW, self.width() // self.AREA_WIDTH))

    def sizeHint(self) -> QSize:
        areas = self.model.rowCount() if self.model is not None else 0
        rows = max(1, -(-areas // self.COLUMNS_PER_ROW))
        return QSize(self.AREA_WIDTH * self.COLUMNS_PER_ROW, 34 + rows * self.AREA_HEIGHT)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        areas = self.model.rowCount() if self.model is not None else 0
        per_row = max(1, min(self.COLUMNS_PER_ROW, width // self.AREA_WIDTH))
        return 34 + max(1, -(-areas // per_row)) * self.AREA_HEIGHT

    def line_colour(self, which: str) -> QColor:
        light, dark = LINE_COLOURS[which]
        return QColor(dark if is_dark(self.palette()) else light)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        model = self.model
        if model is None or model.rowCount() == 0 or model.columnCount() == 0:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, strings.CHANGE_EMPTY)
            return
        self._legend(painter, text)
        per_row = self._per_row()
        width = self.width() / per_row
        for row in range(model.rowCount()):
            left, top = (row % per_row) * width, 34 + (row // per_row) * self.AREA_HEIGHT
            self._area(painter, model, row, QRectF(left + 6, top + 4, width - 12, self.AREA_HEIGHT - 10), text)
        painter.end()

    def _legend(self, painter: QPainter, text: QColor) -> None:
        metrics = QFontMetrics(self.font())
        x = 10.0
        for which, label in (("concern", strings.CHANGE_CONCERN), ("strength", strings.CHANGE_STRENGTH)):
            self._pen(painter, which)
            painter.drawLine(QPointF(x, 16), QPointF(x + 30, 16))
            self._mark(painter, which, QPointF(x + 15, 16))
            painter.setPen(text)
            painter.drawText(QPointF(x + 38, 16 + metrics.ascent() / 2 - 1), label)
            x += 38 + metrics.horizontalAdvance(label) + 30

    def _pen(self, painter: QPainter, which: str) -> None:
        pen = QPen(self.line_colour(which), 2.4)
        pen.setStyle(Qt.PenStyle.SolidLine if which == "concern" else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(self.line_colour(which))

    def _mark(self, painter: QPainter, which: str, at: QPointF) -> None:
        painter.save()
        painter.setPen(QPen(self.line_colour(which), 1.5))
        if which == "concern":
            painter.drawEllipse(at, 4.5, 4.5)
        else:
            painter.drawRect(QRectF(at.x() - 4, at.y() - 4, 8, 8))
        painter.restore()

    def _area(self, painter: QPainter, model: ChangeOverTimeModel, row: int, box: QRectF, text: QColor) -> None:
        metrics = QFontMetrics(self.font())
        assert model.change is not None
        area = model.change.areas[row]
        painter.setPen(text)
        title = metrics.elidedText(area.label, Qt.TextElideMode.ElideRight, int(box.width()))
        painter.drawText(QPointF(box.left(), box.top() + metrics.ascent()), title)
        levels = list(model.levels)
        gutter = max((metrics.horizontalAdvance(label) for label in model.levels.values()), default=30) + 8
        plot = QRectF(
            box.left() + gutter,
            box.top() + metrics.height() + 8,
            box.width() - gutter - 10,
            box.height() - 2 * metrics.height() - 16,
        )
        grid = QColor(text)
        grid.setAlpha(70)
        steps = max(1, len(levels) - 1)
        for number, value in enumerate(levels):
            y = plot.bottom() - plot.height() * number / steps
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QPointF(box.left(), y + metrics.ascent() / 2 - 1), model.levels[value])
        columns = model.columnCount()

        def x_of(column: int) -> float:
            return plot.center().x() if columns == 1 else plot.left() + 8 + (plot.width() - 16) * column / (columns - 1)

        for column in range(columns):
            room = int(max(plot.width() / columns, 24))
            on = model.change.columns[column].on
            label = uk_date(on, short=True)
            if metrics.horizontalAdvance(label) > room:  # crowded: the day and month still tell points apart
                label = label[:5]
            short = metrics.elidedText(label, Qt.TextElideMode.ElideRight, room)
            painter.setPen(text)
            advance = metrics.horizontalAdvance(short)
            left = min(max(x_of(column) - advance / 2, box.left()), box.right() - advance)  # never clipped
            painter.drawText(QPointF(left, plot.bottom() + metrics.height() + 2), short)
        for which in ("concern", "strength"):
            points: list[QPointF | None] = []
            for column in range(columns):
                rating = model.rating(row, column)
                rated = getattr(rating, which) if rating is not None else None
                if rated in levels:
                    offset = 3 if which == "strength" else -3  # equal levels stay both visible
                    y = plot.bottom() - plot.height() * levels.index(rated) / steps + offset
                    points.append(QPointF(x_of(column), y))
                else:
                    points.append(None)
            self._pen(painter, which)
            for before, after in pairwise(points):
                if before is not None and after is not None:
                    painter.drawLine(before, after)
            for point in points:
                if point is not None:
                    self._mark(painter, which, point)


class ChangeOverTimeView(QWidget):
    """The table above the chart; ``show_change`` fills both."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(strings.CHANGE_TITLE, self)
        set_role(heading, "sectionHeading")
        layout.addWidget(heading)
        self.intro = QLabel(strings.CHANGE_INTRO, self)
        self.intro.setWordWrap(True)
        set_role(self.intro, "sectionIntro")
        layout.addWidget(self.intro)
        self.model = ChangeOverTimeModel(self)
        self.table = QTableView(self)
        tab_moves_on(self.table)
        self.table.setModel(self.model)
        self.table.setAccessibleName(strings.CHANGE_TABLE)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(150)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = ChangeChart()
        self.chart.set_model(self.model)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        self.chart_area = QScrollArea(splitter)
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_area.setWidget(self.chart)
        splitter.addWidget(self.chart_area)
        splitter.setStretchFactor(0, 2)  # the table wants what its rows need, the chart the rest
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 310])
        layout.addWidget(splitter, 1)

    def show_change(self, change: ChangeOverTime | None, levels: Sequence[tuple[str, str]]) -> None:
        self.model.show(change, levels)

    def clear_content(self) -> None:
        self.model.show(None, ())
