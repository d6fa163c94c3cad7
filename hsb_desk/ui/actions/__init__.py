"""The Case menu's actions and their dialogs: exchange, sign-off, export, sharing."""
