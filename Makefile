# The README's commands. `make run` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# redis-server: the queue tests run against a real Redis too (tests/support/redis.py).
DEBIAN_TEST_PACKAGES := postgresql chromium gettext redis-server
# The load generator of the HTTP benchmarks (without it they use Python threads).
DEBIAN_BENCH_PACKAGES := wrk
PYBABEL_EXTRACT := $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext \
	--add-comments="Translators:" --no-wrap --sort-by-file \
	--project=backoffice --copyright-holder="The backoffice authors" --msgid-bugs-address="" \
	-o

.PHONY: run test reliability lint typecheck-tests bench bench-postgresql bench-quick bench-packages install system-packages \
	translations strings check-strings clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -m venv $(VENV)
	@# -qq: only errors (pip's and the build's notices would bury the demo's sign-ins).
	@$(BIN)/pip install -qq --upgrade pip
	@$(BIN)/pip install -qq -e '.[test]'
	touch $@

install: $(BIN)/.installed

translations: install
	@$(BIN)/pybabel compile --use-fuzzy -d locales -D backoffice >/dev/null

run: install translations
	@$(BIN)/backoffice db upgrade
	@# The sign-ins are printed once everything is up (scripts/run_demo.sh), not here.
	@$(BIN)/backoffice demo load >/dev/null
	@BIN=$(BIN) HOST=$(HOST) PORT=$(PORT) scripts/run_demo.sh

system-packages:
	@missing=""; for p in $(DEBIAN_TEST_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	@$(MAKE) --no-print-directory typecheck-tests

# Every function of tests/, benchmarks/ and scripts/ is annotated and no `# type: ignore`
# there outlives its reason (the `tests.*` override of pyproject.toml). mypy's other findings
# in those files are counted, not yet a failure, so this is not part of `make lint`.
typecheck-tests: install
	@out=$$($(BIN)/mypy tests benchmarks scripts 2>&1 | grep -E '^(tests|benchmarks|scripts)/'); \
	missing=$$(grep -E '\[(no-untyped-def|unused-ignore)\]$$' <<<"$$out"); \
	if [ -n "$$missing" ]; then echo "$$missing"; exit 1; fi; \
	echo "Every function annotated, no unused ignore;" \
		"$$(grep -c ': error:' <<<"$$out") other mypy errors in tests, benchmarks and scripts."

check-strings: install
	@$(PYBABEL_EXTRACT) /tmp/backoffice-check.pot . >/dev/null 2>&1
	@$(BIN)/python scripts/check_strings.py locales/backoffice.pot /tmp/backoffice-check.pot

strings: install
	$(PYBABEL_EXTRACT) locales/backoffice.pot .
	$(BIN)/pybabel update --no-wrap --ignore-obsolete --no-fuzzy-matching -d locales -D backoffice -i locales/backoffice.pot

test: system-packages install translations lint check-strings
	$(BIN)/pytest -q -p no:randomly --database=sqlite -m "not slow"
	$(BIN)/pytest -q -p no:randomly --database=postgresql -m "not browser and not slow"
	@# A smoke run of the benchmarks: a missed target is reported, never a failure here;
	@# a crash of the benchmark code is shown loudly.
	@$(MAKE) --no-print-directory bench-quick || echo "*** bench-quick CRASHED: see above ***"

# Faults, load and hostile input, with the long variants; prints the figures.
reliability: system-packages install translations
	$(BIN)/pytest -q -s -p no:randomly --database=sqlite tests/reliability
	$(BIN)/pytest -q -s -p no:randomly --database=postgresql tests/reliability

bench-packages:
	@missing=""; for p in $(DEBIAN_BENCH_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
			>/dev/null) || echo "Could not install$$missing: the load test uses Python threads."; \
	fi

# Full size (250 countries, 20,000-message catalogs, 200,000 audit events): a few minutes.
# Prints the table and writes benchmarks/results/latest.{json,md}; exits 0 when a target
# is missed (the table says so), non-zero only when the benchmark code itself fails.
bench: install bench-packages
	$(BIN)/python -m benchmarks

bench-postgresql: system-packages install bench-packages
	$(BIN)/python -m benchmarks --postgresql

bench-quick: install bench-packages
	$(BIN)/python -m benchmarks --quick

clean:
	rm -rf $(VENV) instance .pytest_cache
