# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_PROCESSES ?= 2
# `make run` is local development; production sets DEBUG=0 and a SECRET_KEY. E-mail links
# follow the request's address; SITE_URL (for mails without one) follows PORT.
RUN_ENV := DEBUG=$${DEBUG:-1} PORT=$(PORT) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

# The fast loop: lint and every test but the browser, fault and slow ones. Work stealing
# balances the processes (a module may run on both: fine here, where no test starts a worker
# on Redis); make test keeps each module in one process (--dist loadfile).
check: install
	$(VENV)/bin/ruff check .
	@start=$$(date +%s); \
	$(PY) -m pytest -q -n $(TEST_PROCESSES) --dist worksteal -m "not browser and not faults and not slow" $(PYTEST_ARGS); \
	status=$$?; echo "make check: $$(( $$(date +%s) - start )) s"; exit $$status

.PHONY: install run test check lint format worker messages migrate vendor clean bench screenshots

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Local development settings, written once: DEBUG=1 and a key of its own (never committed).
.env:
	$(PYTHON) scripts/write_env.py $@

migrate: install .env
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_models

run: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: in parallel (pytest-xdist, a module per process at a time), then the
# browser journeys and the fault tests alone, since they time real servers and restart
# services. Prints how long it took. Exit code 5 (nothing selected) counts as success.
test: install
	@start=$$(date +%s); status=0; \
	$(PY) -m pytest -n $(TEST_PROCESSES) --dist loadfile -m "not browser and not faults" $(PYTEST_ARGS) || status=$$?; \
	$(PY) -m pytest -m "browser or faults" $(PYTEST_ARGS) || { s=$$?; [ $$s -eq 5 ] || status=$$s; }; \
	[ $$status -eq 5 ] && status=0; \
	echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# On PostgreSQL and Redis: DATABASE_URL=postgres://… REDIS_URL=redis://… make bench.
# Dashboards at 1,000 teams × 20 assessments, the spreadsheet exports at that size (bench/exports.py), then 50 respondents
# autosaving for 60 s against gunicorn (bench/load.py), then opening a round of 1,000 teams
# × 5 respondents and its progress page (bench/rounds.py), then the common gaps of 1,000
# teams × 82 characteristics (bench/gaps.py), then each PDF report of 1,000 teams built in a
# worker process, its time and peak memory (bench/reports.py), then the API's scores listing at
# 1,000 teams and 1,000 webhook deliveries through two Celery workers (bench/api.py), then
# importing, writing and editing a model at the size limits (bench/models.py).
bench: install
	$(PY) bench/dashboards.py
	$(PY) bench/exports.py
	$(PY) bench/load.py
	$(PY) bench/rounds.py
	$(PY) bench/gaps.py
	$(PY) bench/reports.py
	$(PY) bench/api.py
	$(PY) bench/models.py

# PNGs of the main pages and a PDF report under docs/ (needs Debian's chromium).
screenshots: install
	$(PY) scripts/screenshots.py

worker: install
	$(PY) -m celery -A config worker --queues=celery,reports --loglevel=INFO --concurrency=2

# Needs GNU gettext (apt-get install gettext). The compiled .mo files are committed.
messages: install
	DEBUG=1 $(PY) manage.py makemessages --locale de --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static/vendor/*' --ignore 'tests/*'
	DEBUG=1 $(PY) manage.py compilemessages --locale de --ignore '.venv/*'

vendor:
	npm ci --no-audit --no-fund
	npm run vendor

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
