# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in letters, QR codes and e-mails point to the server `make run` starts.
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
DEBIAN_PACKAGES_FILE ?= debian-packages.txt
# The list without comments; RUN_PACKAGES: the lines whose reason starts with "run:".
DEBIAN_PACKAGES = $(shell sed -e 's/\#.*//' $(DEBIAN_PACKAGES_FILE))
RUN_PACKAGES = $(shell sed -n -e 's/^\([^\# \t]*\)[ \t]*\#[ \t]*run:.*/\1/p' $(DEBIAN_PACKAGES_FILE))

.PHONY: run test setup demo lint serve clean system-deps system-deps-run debian-packages screens

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# Install the missing Debian packages when root; otherwise stop at once with the command to run.
define ensure_debian_packages
	@[ -r "$(DEBIAN_PACKAGES_FILE)" ] || { echo "Liste des paquets Debian illisible : $(DEBIAN_PACKAGES_FILE)" >&2; exit 1; }
	@missing=""; \
	for package in $(1); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation des paquets Debian manquants :$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Paquets Debian manquants, lancez : sudo apt-get install -y --no-install-recommends$$missing" >&2; exit 1; \
	  fi; \
	fi
endef

system-deps:
	$(call ensure_debian_packages,$(DEBIAN_PACKAGES))

system-deps-run:
	$(call ensure_debian_packages,$(RUN_PACKAGES))

debian-packages:
	@printf '%s\n' $(DEBIAN_PACKAGES)

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: system-deps-run setup
	@echo "Portail sur $(PORTAL_BASE_URL)/ — comptes de démonstration : voir README.md"
	PORTAL_BASE_URL=$(PORTAL_BASE_URL) DJANGO_SETTINGS_MODULE=portal.settings.dev $(VENV)/bin/daphne -b $(HOST) -p $(PORT) portal.asgi:application

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports

test: system-deps $(VENV)/.installed-dev lint
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles var/test-* var/test.sqlite3

# Screenshots of the main pages per demo role at a fixed demo date (docs/screens/, shown in the README).
screens: $(VENV)/.installed-dev
	$(PY) bench/screens.py
