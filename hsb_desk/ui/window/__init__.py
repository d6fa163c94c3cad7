"""The main window: unlocking, locking and closing, the menus, preferences."""
