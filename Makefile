# Two commands for a newcomer: `make run` and `make test`. Everything else builds on them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED_DATA ?= ../shared/data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format serve data load migrate bench clean

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

## make data: rebuild the bundled data set from the public files in ../shared/data
data: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py build_bundled_data --source $(SHARED_DATA)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
