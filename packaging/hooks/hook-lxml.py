"""Replaces pyinstaller-hooks-contrib's hook, which collects every lxml submodule: python-docx
needs lxml.etree alone (lxml.html, lxml.objectify and the rest are 4 MB HSB Desk never loads)."""

hiddenimports = ["lxml.etree", "lxml._elementpath"]
