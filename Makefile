# MR-bloggen: `make run` serves the demo, `make test` runs the whole suite, `make lint` the linter.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The public address every absolute link names (feeds, e-mails, .ics…): where `make run` serves.
SITE_ADDRESS ?= http://$(HOST):$(PORT)
export SITE_ADDRESS

.PHONY: run test lint install install-test check-python check-test-tools demo messages clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "MR-bloggen needs Python 3.11 or newer as '$(PYTHON)' on the PATH."; \
	  echo "Install it (Debian: apt-get install python3 python3-venv) or run: make PYTHON=/path/to/python3.11 run"; \
	  exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "Python's venv module is missing. Debian: apt-get install python3-venv"; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@ $(VENV)/.installed

install: check-python $(VENV)/.installed
install-test: check-python $(VENV)/.installed-test

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_comments
	$(BIN)/python manage.py load_demo_moderation
	$(BIN)/python manage.py retrain_screening_model --if-missing

# The web server and one task worker together; Ctrl-C stops both.
run: demo
	$(BIN)/python manage.py set_site_address $(SITE_ADDRESS)
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/). Ctrl-C stops."
	@trap 'kill $$WORKER $$PERIODIC 2>/dev/null; wait 2>/dev/null; echo "Stopped."' INT TERM EXIT; \
	$(BIN)/python manage.py db_worker --no-reload --interval 1 & WORKER=$$!; \
	$(BIN)/python manage.py run_periodic & PERIODIC=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite needs GNU gettext (translation checks) and Debian's chromium (browser tests).
check-test-tools:
	@command -v xgettext >/dev/null && test -x /usr/bin/chromium || { \
	  echo "make test needs GNU gettext and Debian's chromium:"; \
	  echo "  apt-get install gettext chromium   (.ci/run installs them itself)"; exit 1; }

test: install-test check-test-tools
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# ruff: pyflakes, pycodestyle, import sorting and bugbear ([tool.ruff] in pyproject.toml).
lint: install-test
	$(BIN)/ruff check .

messages: install
	$(BIN)/python manage.py makemessages --locale sv --no-obsolete --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --locale sv --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .test-media
