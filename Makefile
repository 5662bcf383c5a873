# SMSCode: the two commands a newcomer needs are `make run` and `make test` (see README.md).
PORT ?= 8080
DATA_DIR ?= var
SWIFT ?= swift
VENV := .build/venv
PYTHON := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.requirements-installed

export PORT DATA_DIR

.PHONY: run test bench deps deps-test build release unit integration clean

## make run: install what is missing, build (release), migrate, build the site and serve on http://127.0.0.1:$(PORT)
run: deps release
	REPO="$(CURDIR)" SMSCODE_BIN="$(CURDIR)/.build/release/smscode" scripts/dev-run.sh

## make test: everything CI runs — Swift unit tests, then integration tests through real nginx
test: deps-test build $(VENV_STAMP)
	$(SWIFT) test --skip-build
	REPO="$(CURDIR)" SMSCODE_BIN="$(CURDIR)/.build/debug/smscode" SMSCODE_CONTENT_DIR="$(CURDIR)/Content" \
		$(PYTHON) -m pytest -q Tests/integration

## make bench: wrk through nginx: /api/v1/health vs a bare C libfcgi hello vs a static file, then site build times → BENCHMARKS.md
bench: deps release
	REPO="$(CURDIR)" SMSCODE_BIN="$(CURDIR)/.build/release/smscode" SMSCODE_CONTENT_DIR="$(CURDIR)/Content" scripts/bench/bench.sh

deps:
	@scripts/install-deps.sh

# The tests also need a browser and its driver, tidy, strace and openssl (install-deps.sh --test).
deps-test:
	@scripts/install-deps.sh --test

build:
	$(SWIFT) build --build-tests

release:
	$(SWIFT) build -c release --product smscode

# A stamp file, not the interpreter: venv/bin/python is a symlink, and touching it would date the system's
# python3 instead, so a changed requirements.txt was never installed.
$(VENV_STAMP): Tests/integration/requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --disable-pip-version-check -r Tests/integration/requirements.txt
	touch $(VENV_STAMP)

clean:
	rm -rf .build public public-builds
