# sio-dossier — two commands: `make` builds inputs/ into out/, `make test` runs every test
# of the workspace (the main crate and the converter, crates/markdown).
# Everything comes through Cargo; the tests also need poppler-utils (pdftotext), which
# `make test` installs when it is missing.

CARGO ?= cargo
OUT ?= out

.PHONY: all build test deps bench clean

all: build
	$(CARGO) run --quiet -- build inputs -o $(OUT)

build:
	$(CARGO) build

# Every test of the workspace: the main crate's and the converter's (crates/markdown).
test: deps
	$(CARGO) test --workspace --no-fail-fast

# pdftotext/pdfinfo read the produced PDFs in the tests, as a user would.
deps:
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installation de poppler-utils (pdftotext) pour les tests"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils; }

# Speed and memory against the peers (see benches/bench.sh for N, SCALE, RUNS, PEERS_DIR),
# then the peak memory of a hostile class next to a normal one (benches/hostile.sh).
bench:
	bash benches/bench.sh
	bash benches/hostile.sh

clean:
	$(CARGO) clean
	rm -rf $(OUT)
