# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= corpus
OUTPUT ?= outputs
# the hand annotation of corpus/seeds (the default CORPUS)
GOLD ?= tests/data/seeds_gold.jsonl

.PHONY: setup run test bench eval clean

$(BIN)/veille: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/veille

run: setup
	$(BIN)/veille run $(CORPUS) -o $(OUTPUT)

test: setup
	$(BIN)/python -m pytest -q

bench: setup  # real text and generated articles, --jobs 1 and 2, start-up, memory: a few minutes
	$(BIN)/python -m benchmarks.bench --memory

eval: run
	$(BIN)/veille eval $(GOLD) $(OUTPUT)

clean:
	rm -rf $(VENV) $(OUTPUT)/*.csv $(OUTPUT)/excel $(OUTPUT)/report
