# The two set-up commands are `make demo` and `make test`; everything they need installs from here.
SHELL := /bin/bash
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_ADMIN_PASSWORD ?= changeme
export DEMO_ADMIN_PASSWORD
# Absolute links (API, sitemap, e-mails) point at the address the demo is served at.
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: demo test test-postgres bench bench-http bench-city lint format check system-deps messages install clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON_BIN) >/dev/null || { echo "需要 Python 3.11 ($(PYTHON_BIN) not found)"; exit 1; }
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# WeasyPrint needs Pango; PDFs need a CJK font; compilemessages needs gettext's msgfmt;
# the browser tests drive Debian's Chromium.
system-deps:
	@missing=""; \
	ldconfig -p | grep -q 'libpango-1.0' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v fc-list >/dev/null || missing="$$missing fontconfig"; \
	command -v fc-list >/dev/null && [ -n "$$(fc-list :lang=zh family)" ] || missing="$$missing fonts-noto-cjk"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdffonts >/dev/null || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "安装系统软件包:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null && command -v apt-get >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "缺少系统软件包，请先安装: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

messages: $(VENV)/.installed system-deps
	$(PY) manage.py compilemessages --ignore=.venv -v 0

demo: messages
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	@echo ""
	@echo "网格通演示站点: http://127.0.0.1:$(PORT)/    管理后台: http://127.0.0.1:$(PORT)/admin/"
	@echo "演示管理员: 用户名 admin  密码 $(DEMO_ADMIN_PASSWORD)"
	@echo ""
	@# The task worker runs search-index updates, large imports and reports beside the web server.
	@# Neither runs under Django's autoreloader, whose extra parent process would be all that a
	@# kill reaches. The worker gets its own process group (set -m), so Ctrl-C reaches it only
	@# through the trap, as one TERM: it finishes the task it is running, then exits.
	set -m; $(PY) manage.py db_worker --no-reload >var/worker.log 2>&1 & worker=$$!; set +m; \
	$(PY) manage.py runserver --noreload 127.0.0.1:$(PORT) & server=$$!; \
	stop() { trap '' EXIT INT TERM; kill -TERM $$server $$worker 2>/dev/null; wait $$server $$worker; }; \
	trap 'stop; exit 130' INT; trap 'stop; exit 0' TERM; trap stop EXIT; \
	wait $$server

test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL: DATABASE_URL must point at a server where the user may create databases.
test-postgres: messages
	@[ -n "$$DATABASE_URL" ] || { echo "请设置 DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test"; exit 1; }
	$(PY) -m pytest $(PYTEST_ARGS)

bench: messages
	$(PY) -m bench

# The site under gunicorn (production settings, PostgreSQL + Redis) against a bare Django view,
# over HTTP with wrk (Debian package wrk) or a Python load generator; skipped without gunicorn
# or Redis. BENCH_REDIS_URL (redis://127.0.0.1:6379/13) is emptied at the start.
bench-http: messages
	$(PY) -m bench http

# Not run by CI: a city of 50,000 grids, 1,000,000 people and 10,000,000 tally entries in a
# throwaway PostgreSQL database (minutes, a few GB of disk); CITY_SCALE=0.01 for a small one.
bench-city: messages
	$(PY) -m bench city

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: messages lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
