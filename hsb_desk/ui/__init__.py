"""Qt widgets and dialogs: the only layer that imports Qt. Thin: shows state, forwards intent."""

from hsb_desk.ui import qt_setup  # noqa: F401  (before any module that imports Qt's widgets)
