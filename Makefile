# customhdr - `make test` runs every test, `make run` starts the demo server.
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

.PHONY: all test clean
all: test

include $(sort $(wildcard mk/*.mk))

test:
	@sh tests/run_all.sh $(CHECKS)

$(BUILD):
	@mkdir -p $@

clean:
	rm -rf $(BUILD)

