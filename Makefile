# customhdr - `make test` runs every test, `make run` starts the demo server, `make check-NAME`
# runs one check (`make checks` lists them), `make deps` installs every Debian package the full
# suite uses (.ci/packages; gcc and make alone run the core checks, the rest say SKIP).
# Each area keeps its targets in mk/NAME.mk and adds the checks `make test` runs to CHECKS;
# a check is a target check-NAME that prints "N passed, N failed" and exits non-zero on failure.

CC      ?= cc
CLANG   ?= clang
CXX     ?= c++
BUILD   := build
STRICT  := -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror
CFLAGS  ?= -O2 -g
CPPFLAGS += -I.
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

CHECKS :=

# "yes" when a tool is on PATH: `ifeq ($(call have,clang),yes)`
have = $(shell command -v $(1) >/dev/null 2>&1 && echo yes)

.PHONY: all test clean deps checks
all: test

include $(sort $(wildcard mk/*.mk))

test:
	@sh tests/run_all.sh $(CHECKS)

checks:
	@echo $(CHECKS)

# apt-get through sudo unless already root
SUDO ?= $(if $(filter 0,$(shell id -u)),,sudo)
deps:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y $$(grep -v '^#' .ci/packages)

$(BUILD):
	@mkdir -p $@

clean:
	rm -rf $(BUILD)

