# Two commands for a newcomer: `make run` and `make test`. Everything else builds on them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED_DATA ?= ../shared/data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test messages lint format serve data load migrate bench clean tools audit

# The venv is rebuilt when a requirements file changes; the stamp records the last install.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "Python 3.11 or newer is needed: install it, or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput

load: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_bundled_data

## make run: install, migrate, load the bundled real data, serve http://127.0.0.1:8000 with debug on
run: load
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: install and run the whole suite (SQLite unless DATABASE_URL is set)
test: $(VENV)/.installed
	$(BIN)/python -m pytest --create-db $(PYTEST_ARGS)

## make lint: ruff check and format check (make format rewrites)
# The Spanish catalogue (issue 16): collect the strings marked for translation into locale/es/LC_MESSAGES/django.po,
# then, once it is translated, compile django.mo (committed, so that `make run` needs no gettext). Needs gettext.
messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l es --no-obsolete --ignore=.venv --ignore=tests --ignore=.tools --ignore=bench-results --ignore=staticfiles
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages -l es --ignore=.venv --ignore=.tools

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make serve: production-like gunicorn, debug off; needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS
serve: load
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --no-control-socket

## make tools: the npm quality tools (axe-core, Nu HTML Checker, Lighthouse) into the git-ignored .tools/
# Pinned here, not in a package.json: they are test tools, and the project has no JavaScript build.
QUALITY_TOOLS := axe-core@4.14.1 vnu-jar@26.9.27 lighthouse@12.8.2
tools: .tools/.installed
.tools/.installed: Makefile  # the versions are pinned above
	npm install --prefix .tools --no-audit --no-fund --no-save $(QUALITY_TOOLS)
	touch $@

## make audit: Lighthouse (mobile preset) on the main page types, against gunicorn with debug off; prints the four scores
AUDIT_DATABASE_URL ?= sqlite:////tmp/medcoding-audit.sqlite3
AUDIT_PORT ?= 8765
CHROME_PATH ?= /usr/bin/chromium
audit: $(VENV)/.installed .tools/.installed
	@set -eu; export DATABASE_URL='$(AUDIT_DATABASE_URL)' DJANGO_SECRET_KEY=audit-only-not-secret \
	  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_DEBUG=0 CHROME_PATH='$(CHROME_PATH)'; \
	$(BIN)/python manage.py migrate --noinput -v 0; \
	$(BIN)/python manage.py load_bundled_data -v 0; \
	$(BIN)/python manage.py collectstatic --noinput -v 0; \
	$(BIN)/gunicorn config.wsgi:application --bind 127.0.0.1:$(AUDIT_PORT) --workers 2 --no-control-socket \
	  --log-level warning & server=$$!; trap 'kill $$server' EXIT; sleep 3; \
	pages=$$($(BIN)/python manage.py shell -c "from catalog.models import Program; \
	p = Program.objects.published().filter(outcomes__median_earnings__isnull=False).order_by('slug').first(); \
	from careers.models import Occupation; from certifications.models import Credential; \
	print('/', '/programs/?q=coding&state=OH', p.get_absolute_url(), p.institution.get_absolute_url(), '/careers/', \
	Occupation.objects.order_by('slug').first().get_absolute_url(), '/certifications/', \
	Credential.objects.order_by('slug').first().get_absolute_url(), '/compare/?programs=' + p.slug)" | tail -n 1); \
	printf '%-60s %5s %5s %5s %5s\n' page perf a11y best seo; \
	for page in $$pages; do \
	  for attempt in 1 2 3; do \
	    rm -f /tmp/medcoding-lighthouse.json; \
	    .tools/node_modules/.bin/lighthouse "http://127.0.0.1:$(AUDIT_PORT)$$page" --quiet --output=json \
	      --output-path=/tmp/medcoding-lighthouse.json --form-factor=mobile \
	      --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1 && break; \
	    echo "$$page: Lighthouse failed (attempt $$attempt), trying again" >&2; \
	  done; \
	  $(BIN)/python -c 'import json, sys; c = json.load(open("/tmp/medcoding-lighthouse.json"))["categories"]; score = lambda k: round(c[k]["score"] * 100); print(f"{sys.argv[1]:60}", *(f"{score(k):5}" for k in ("performance", "accessibility", "best-practices", "seo")))' "$$page"; \
	done

## make bench: 100,000 synthetic programs in a separate PostgreSQL database, gunicorn + wrk; see docs/performance.md
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	$(BIN)/python tests/bench/run.py

## make data: rebuild the bundled data set from the public files in ../shared/data
data: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py build_bundled_data --source $(SHARED_DATA)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .tools
