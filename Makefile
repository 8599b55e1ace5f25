# Ratssaal: `make run` serves the demo town, `make test` runs every check. Both set up what they need.

VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
MESSAGES_IGNORE := --ignore '.venv/*' --ignore 'static/*' --ignore 'staticfiles/*' --ignore 'tests/*'
SERVICES_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/ratssaal REDIS_URL=redis://127.0.0.1:6379/0

.PHONY: run test test-services fault-bench lint vendor messages system-packages

$(PY):
	python3 -m venv $(VENV)

$(RUNTIME): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV): requirements.txt requirements-dev.txt $(RUNTIME)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(RUNTIME)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@echo "Ratssaal runs at http://127.0.0.1:8000/  (stop with Ctrl+C)"
	@echo "Demo accounts, password 'demo': sekretariat, vorsitz, mitglied01 ... mitglied30"
	@echo
	DEBUG=1 $(VENV)/bin/daphne -b 127.0.0.1 -p 8000 config.asgi:application

# The browser tests drive Debian's Chromium (a test tool's own browser download cannot work here);
# the translation tests need gettext; the signature tests check the minutes with poppler's pdfsig.
system-packages:
	@test -x /usr/bin/chromium && command -v msgfmt >/dev/null && command -v pdfsig >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium gettext poppler-utils; }

lint: $(DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(DEV) system-packages lint
	$(VENV)/bin/pytest

test-services: $(DEV) system-packages
	$(SERVICES_ENV) $(PY) -m config.check_services
	$(SERVICES_ENV) $(VENV)/bin/pytest

# A named vote through a killed worker and Redis and PostgreSQL outages (bench/fault_vote.py), on
# a database of its own (<name>_faultvote) and behind its own fault proxies; CI runs it small.
FAULT_MEMBERS := 20
fault-bench: $(DEV)
	$(SERVICES_ENV) $(PY) bench/fault_vote.py --members $(FAULT_MEMBERS)

# Refresh vendored KERN UX and axe-core from npm (maintainers only; the results are committed).
vendor:
	bash .ci/vendor.sh

# Extract and compile the translation catalogues (maintainers only; .po and .mo are committed).
messages: $(DEV)
	DEBUG=1 $(PY) manage.py makemessages --locale de --locale en --no-obsolete $(MESSAGES_IGNORE)
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'
