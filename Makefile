# densa — the two commands of the contract are `make run` and `make test`.
# Both start with `setup`, which installs every Debian package densa needs (quietly, and only
# what is missing), so a fresh Debian 12 machine needs nothing else.

SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS ?= -c release
DENSA = .build/release/densa

# Debian packages: DCMTK (library + tools as test peers), OpenJPEG (JPEG 2000, which DCMTK lacks),
# OpenBLAS, SQLite, zlib, dicom3tools (dciodvfy validates what we write), python3-jsonschema (tests
# check every result.json against schemas/); the node's test peers: Orthanc (the PACS), python3-hl7
# (mllp_send) and curl (Orthanc's REST API, densa's /health); the SR's outside readers: PixelMed's
# DicomSRValidator (libpixelmed-java on a headless JRE) and python3-venv for highdicom from PyPI; the
# web pages' tests: Chromium and its driver (Selenium, from PyPI into .build/web-venv, drives them)
# and a font; wrk (bench/web.sh); FreeType, which draws the scorecard's text in DejaVu Sans.
APT_PACKAGES = libdcmtk-dev dcmtk python3-jsonschema libopenjp2-7-dev libopenjp2-tools libopenblas-dev \
	libsqlite3-dev zlib1g-dev libpng-dev dicom3tools python3 orthanc python3-hl7 curl \
	default-jre-headless libpixelmed-java python3-venv chromium chromium-driver fonts-dejavu-core wrk \
	libfreetype-dev

.PHONY: setup build run test test-sanitize bench format clean training-venv test-training train-demo install fuzz fuzz-regress

# Where `make install` puts densa: PREFIX/bin/densa, PREFIX/share/densa/{models,config,schemas,web},
# SYSCONFDIR/densa/densa.yaml (kept if present) and a systemd unit in UNITDIR.
PREFIX ?= /usr/local
SYSCONFDIR ?= $(PREFIX)/etc
UNITDIR ?= $(PREFIX)/lib/systemd/system

setup:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "setup: installing $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: setup
	$(SWIFT) build $(BUILD_FLAGS) --product densa

# The main job on the bundled demo data.
run: build
	@bash tools/demo.sh $(DENSA)

# Tests run optimised: the numeric code (decoding, phantoms, ConvNeXt) is too slow unoptimised.
TEST_FLAGS = -c release -Xswiftc -enable-testing

test: setup
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build
	@bash fuzz/regress.sh

# The whole suite under AddressSanitizer (LeakSanitizer on) + UndefinedBehaviorSanitizer, then the
# concurrency tests under ThreadSanitizer, each in its own build folder (.build-asan, .build-tsan);
# any sanitizer report fails it. RELIABILITY.md ("Sanitizers") has the figures.
test-sanitize: setup
	@bash tools/test-sanitize.sh

# libFuzzer targets (fuzz/README.md): each runs FUZZ_SECONDS or FUZZ_RUNS executions, whichever
# comes first, one after the other; figures in RELIABILITY.md. fuzz-regress replays the inputs of
# past findings (fuzz/regressions), as `make test` does.
FUZZ_SECONDS ?= 1200
FUZZ_RUNS ?= 1000000

fuzz: setup
	bash fuzz/build.sh
	bash fuzz/seeds.sh $(if $(wildcard $(DENSA)),$(DENSA),)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) bash fuzz/run.sh

fuzz-regress: setup
	@bash fuzz/regress.sh

bench: build
	@bash bench/run.sh $(DENSA)

# Training (PyTorch + timm in their own virtualenv; several GB, so not part of `make test`).
TRAINING_PYTHON ?= training/.venv/bin/python

training-venv:
	@[ -x training/.venv/bin/python ] || python3 -m venv training/.venv
	training/.venv/bin/pip install -q -r training/requirements.txt

# Export → train a tiny ConvNeXt → load in densa → same logits as PyTorch (within 1e-4).
test-training: build
	@[ "$(TRAINING_PYTHON)" != training/.venv/bin/python ] || $(MAKE) training-venv
	TRAINING_PYTHON=$(TRAINING_PYTHON) DENSA=$(DENSA) bash training/smoke_test.sh

# Reproduces the bundled demo model (about 15 minutes on 2 CPU cores).
train-demo: build
	@[ "$(TRAINING_PYTHON)" != training/.venv/bin/python ] || $(MAKE) training-venv
	bash training/train_demo.sh $(DENSA) $(TRAINING_PYTHON)

# Builds first unless DENSA names a binary that is already there.
install: $(if $(wildcard $(DENSA)),,build)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/densa/models $(DESTDIR)$(PREFIX)/share/densa/config \
		$(DESTDIR)$(PREFIX)/share/densa/schemas $(DESTDIR)$(SYSCONFDIR)/densa $(DESTDIR)$(UNITDIR)
	install -m 755 $(DENSA) $(DESTDIR)$(PREFIX)/bin/densa
	install -m 644 models/densa-demo.safetensors models/densa-demo.card.json $(DESTDIR)$(PREFIX)/share/densa/models/
	install -m 644 config/densa.yaml $(DESTDIR)$(PREFIX)/share/densa/config/
	install -m 644 schemas/*.json $(DESTDIR)$(PREFIX)/share/densa/schemas/
	rm -rf $(DESTDIR)$(PREFIX)/share/densa/web && cp -R Sources/Server/Web/Resources $(DESTDIR)$(PREFIX)/share/densa/web
	[ -e $(DESTDIR)$(SYSCONFDIR)/densa/densa.yaml ] || \
		sed 's|weights: models/densa-demo.safetensors|weights: $(PREFIX)/share/densa/models/densa-demo.safetensors|' \
		config/densa.yaml > $(DESTDIR)$(SYSCONFDIR)/densa/densa.yaml
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' packaging/densa.service.in \
		> $(DESTDIR)$(UNITDIR)/densa.service
	@echo "installed densa in $(DESTDIR)$(PREFIX) (unit: $(DESTDIR)$(UNITDIR)/densa.service)"

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build out demo
