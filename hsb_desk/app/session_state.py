"""What the services beneath the session read from it, so that they need not import it.

``WorkbookSession`` (app/session.py) calls a few services itself: the case list (app/case_index.py,
and through it the due dates of app/pathway/due.py) and backups (app/backups/__init__.py, and through them
app/backups/daily.py). Those take this instead of ``WorkbookSession``, so the session imports
them and none of them imports the session: no circle, even among type hints. ``WorkbookSession``
is the one implementation; mypy checks it wherever it is passed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from hsb_desk.formspec.model import FormDefinition
    from hsb_desk.store.workbook import Workbook


class SessionState(Protocol):
    """An unlocked workbook with its form (see ``WorkbookSession``)."""

    @property
    def workbook(self) -> Workbook: ...

    @property
    def form(self) -> FormDefinition: ...

    @property
    def today(self) -> Callable[[], date]: ...

    @property
    def remembered(self) -> dict[str, tuple[object, Any]]:
        """Whole-workbook reads kept until the workbook changes (see ``WorkbookSession``)."""
        ...

    @property
    def actor(self) -> str: ...

    def values(self, reference: str) -> dict[str, Any]: ...

    def stop_daily_backup(self) -> None: ...

    def finish_daily_backup(self) -> None: ...
