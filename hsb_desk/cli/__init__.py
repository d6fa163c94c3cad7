"""The ``hsb-desk`` command line: a front end over the same app services as the GUI."""
