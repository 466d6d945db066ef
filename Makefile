# Bootstrap only: create the virtualenv, install the pinned project, then hand
# over to invoke (tasks.py), which does the real work.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: site test serve eval update publish clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the pinned dependencies into $(VENV)/ ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

site: $(STAMP)
	@$(BIN)/invoke site

test: $(STAMP)
	@$(BIN)/invoke test

serve: $(STAMP)
	@$(BIN)/invoke serve

eval: $(STAMP)
	@$(BIN)/invoke eval

update: $(STAMP)
	@$(BIN)/invoke update

publish: $(STAMP)
	@$(BIN)/invoke publish

clean:
	@rm -rf output .pytest_cache
