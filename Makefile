# Everything a new machine needs, from Python 3.11+ and make alone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench screenshots report-preview dist dist-check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "HSB Desk needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hsb-desk demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check hsb_desk tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) docs/tools/screenshots.py
	QT_QPA_PLATFORM=offscreen $(PY) docs/tools/screenshots.py --dark
	QT_QPA_PLATFORM=offscreen $(PY) docs/tools/screenshots.py --scale 1.5 --out /tmp/hsb-desk-screenshots

report-preview: $(STAMP)
	$(PY) docs/tools/report_preview.py

# A one-folder frozen build in dist/hsb-desk (docs/deploy.md), and a smoke run of the built
# executable (built first only if it is missing or older than the sources).
dist: $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/hsb-desk.spec

dist-check: $(STAMP)
	$(PY) packaging/bundle_state.py --build-if-stale
	$(PY) packaging/smoke.py dist/hsb-desk

clean:
	rm -rf $(VENV) build dist *.egg-info
