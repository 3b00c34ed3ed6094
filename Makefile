# Two commands set everything up on a fresh machine with Python and make: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEMO_LETTER := samples/referral_to_csc.docx

.PHONY: install demo test eval bench lint clean

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

# Exit status 1 means "findings need action", which is what a demo letter should show.
demo: install
	$(BIN)/disclose check $(DEMO_LETTER) \
		--subject "Jayden Clarke" \
		--purpose "referral to children's social care about neglect" \
		--recipient "Northshire Children's Services" || [ $$? -eq 1 ]

test: install
	$(BIN)/python -m pytest -q

# TAB=DIR scores the Text Anonymization Benchmark JSON files in DIR too (default: ../shared/benchmarks/tab).
eval: install
	$(BIN)/python -m pipeline.evaluate $(if $(TAB),--tab $(TAB))

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/batch.py
	$(BIN)/python -m bench.redaction

# samples/templates holds one template with planted personal data on purpose: exit status 1 is expected.
lint: install
	$(BIN)/disclose lint samples/templates || [ $$? -eq 1 ]

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
