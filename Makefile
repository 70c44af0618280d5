# Hip pain education bot: the workflow in one place. `make help` lists the targets.
#
#   make run    install what is missing, train if the model is missing or stale, start the bot
#   make test   install, train a scratch model, run every test with pytest
#
# Rasa's telemetry is switched off in every command (RASA_TELEMETRY_ENABLED=false).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PYTHON    := $(VENV)/bin/python
UV        := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RASA_ENV  := RASA_TELEMETRY_ENABLED=false PYTHONPATH=. TF_CPP_MIN_LOG_LEVEL=2
RASA      := $(RASA_ENV) $(VENV)/bin/rasa
SPACY_DIR := build/spacy/en_hipbot
MODEL     := models/hipbot.tar.gz
# The list of training files is itself an input, so removing or renaming a file retrains too.
DATA_FILES      := $(sort $(shell find data -name '*.yml' 2>/dev/null))
TRAINING_FILES  := build/training-files.txt
ifneq ($(DATA_FILES),$(strip $(file < $(TRAINING_FILES))))
$(shell mkdir -p build)
$(file > $(TRAINING_FILES),$(DATA_FILES))
endif
TRAINING_INPUTS := config.yml domain.yml $(DATA_FILES) $(TRAINING_FILES) \
                   $(SPACY_DIR)/meta.json $(wildcard bot/rasa_nlu/*.py)

# Content that other files are generated from.
CONTENT_FILES := $(sort $(shell find bot/content -name '*.yml'))

.PHONY: help install spacy-model knowledge train run run-actions run-rasa test test-fast validate evaluate clean
.PHONY: browser-deps
.PHONY: check-clinic
.PHONY: evaluate-clinical
.PHONY: purge
.PHONY: bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.installed ## create .venv with the locked dependencies (uv)

$(SPACY_DIR)/meta.json: $(VENV)/.installed bot/rasa_nlu/spacy_model.py
	$(RASA_ENV) $(PYTHON) -m bot.rasa_nlu.spacy_model $(SPACY_DIR)

spacy-model: $(SPACY_DIR)/meta.json ## build the blank English spaCy pipeline Rasa loads

docs/knowledge-base.md: $(VENV)/.installed $(CONTENT_FILES) bot/tools/render_knowledge.py bot/interview/scoring.py
	$(RASA_ENV) $(PYTHON) -m bot.tools.render_knowledge

knowledge: docs/knowledge-base.md ## render the knowledge base to docs/knowledge-base.md for clinical review

$(MODEL): $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name hipbot --out models

train: $(MODEL) ## train the model if it is missing or older than the data/config

run: install $(MODEL) ## start the action server (5055) and Rasa (5005, REST + socket.io); Ctrl-C stops both
	@$(RASA_ENV) scripts/run-bot.sh $(MODEL)

evaluate: $(MODEL) ## train if needed, then intent F1, entity F1 and negation accuracy on held-out messages
	$(RASA_ENV) $(PYTHON) -m bot.rasa_nlu.evaluate --model $(MODEL) --out build/evaluate

evaluate-clinical: $(MODEL) ## play the clinical cases through the real bot (REST); figures to benchmarks/clinical
	$(RASA_ENV) $(PYTHON) -m bot.evaluation.clinical --model $(MODEL) --out benchmarks/clinical

validate: spacy-model ## check the training data and domain
	$(RASA) data validate --data data --domain domain.yml --config config.yml

test: install spacy-model ## run every test: unit, actions, data validation, stories, NLU, end to end
	$(RASA_ENV) $(PYTHON) -m pytest

test-fast: install ## unit tests only (no model training, no servers)
	$(RASA_ENV) $(PYTHON) -m pytest -m "not slow"

browser-deps: install ## install what the widget's browser tests need, if missing (Debian chromium, npm packages)
	$(PYTHON) -m tests.browser.tools

check-clinic: install ## validate a clinic profile without starting anything (CLINIC=path; default: HIPBOT_CLINIC or none)
	$(RASA_ENV) $(PYTHON) -m bot.clinic.check $(CLINIC)

purge: install ## delete stored conversations idle for more than DAYS days: make purge DAYS=30
	@[[ "$(DAYS)" =~ ^[0-9]+([.][0-9]+)?$$ ]] || { echo "usage: make purge DAYS=N (N = days, e.g. 30)" >&2; exit 2; }
	$(RASA_ENV) $(PYTHON) -m bot.tools.privacy purge --days $(DAYS)

bench: install spacy-model ## train + load-test this bot and the `rasa init` bot side by side (BENCH_ARGS="--model models/hipbot.tar.gz" skips our training)
	$(RASA_ENV) $(PYTHON) -m benchmarks.run $(BENCH_ARGS)

clean: ## remove trained models and build output
	rm -rf models build .rasa results
