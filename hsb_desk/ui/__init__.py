"""Qt widgets and dialogs: the only layer that imports Qt. Thin: shows state, forwards intent."""
