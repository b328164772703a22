# Two commands do everything on a fresh machine that has only Python:
#   make run    set up .venv and open the window
#   make test   set up .venv and run the whole test suite (offscreen)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The CPU build of torch keeps a fresh set-up quick; a CUDA machine may install any torch>=2.2.
TORCH  ?= torch==2.13.0

.PHONY: run test lint bench setup clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e ".[test]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) main.py

# Two workers: half the wall time on two cores; each test still runs alone in its worker.
test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2 --durations=15

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: setup
	$(PY) -m pip install -q -e ".[bench]"  # matplotlib, for the notebook-cell baseline
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
