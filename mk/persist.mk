# Persistence (tests/test_persist.c): round trips, truncated, bit-flipped and forged blobs, power
# cuts over two flash slots, a firmware built with smaller limits, defaults, the change counter.
# Two builds of the same source, default limits and small limits, each run at -O2, under
# ASan+UBSan and under valgrind; the default-limits one at -O0 and -Os too. Every run prints its
# own "N passed, N failed" line. gcc is enough: clang's warning pass and valgrind are skipped,
# with a SKIP line naming the package, on a machine without them.

CHECKS += persist

PERSIST_DIR   := $(BUILD)/persist
PERSIST_SMALL := -DPERSIST_SMALL -DCHDR_MAX_HEADERS=4 -DCHDR_STORAGE=200 -DCHDR_VALUE_MAX=50
# gcc 12 -O2 warns that chdr__emit_header in customhdr.h may read the chdr_header that chdr_next
# leaves unset past the table's end. Reported to the lead; drop this when customhdr.h is fixed.
PERSIST_WARN  := $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null | head -n 1)),,-Wno-error=maybe-uninitialized)
PERSIST_CC     = $(CC) -std=c99 $(STRICT) $(PERSIST_WARN) $(CPPFLAGS)
PERSIST_DEPS  := tests/test_persist.c tests/tinytest.h customhdr.h jsmn/jsmn.h
PERSIST_RUNS  := test_persist_o0 test_persist test_persist_os test_persist_san test_persist_small \
                 test_persist_small_san

.PHONY: check-persist

$(PERSIST_DIR)/test_persist: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(PERSIST_CC) -O2 -g $< -o $@

$(PERSIST_DIR)/test_persist_o0: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(PERSIST_CC) -O0 -g $< -o $@

$(PERSIST_DIR)/test_persist_os: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(PERSIST_CC) -Os -g $< -o $@

$(PERSIST_DIR)/test_persist_san: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(PERSIST_CC) -O2 -g $(SAN) $< -o $@

$(PERSIST_DIR)/test_persist_small: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(PERSIST_CC) -O2 -g $(PERSIST_SMALL) $< -o $@

$(PERSIST_DIR)/test_persist_small_san: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(PERSIST_CC) -O2 -g $(SAN) $(PERSIST_SMALL) $< -o $@

# clang's warnings on the same source, both builds (the gcc builds above are the ones run)
$(PERSIST_DIR)/clang.ok: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(CLANG) -std=c99 $(STRICT) $(CPPFLAGS) -fsyntax-only $<
	$(CLANG) -std=c99 $(STRICT) $(CPPFLAGS) -fsyntax-only $(PERSIST_SMALL) $<
	@touch $@

check-persist: $(addprefix $(PERSIST_DIR)/,$(PERSIST_RUNS))
	@fail=0; \
	if [ "$(call have,$(CLANG))" = yes ]; then \
	    $(MAKE) --no-print-directory $(PERSIST_DIR)/clang.ok >/dev/null || { echo "clang warnings"; fail=1; }; \
	else \
	    echo "SKIP: persist: needs clang (the clang warning pass)"; \
	    echo "0 passed, 0 failed, 1 skipped"; \
	fi; \
	for b in $(PERSIST_RUNS); do \
	    echo "--- $$b"; $(PERSIST_DIR)/$$b || fail=1; \
	done; \
	if [ "$(call have,valgrind)" = yes ]; then \
	    for b in test_persist test_persist_small; do \
	        echo "--- valgrind $$b"; \
	        nice -n 10 valgrind --error-exitcode=1 -q $(PERSIST_DIR)/$$b || fail=1; \
	    done; \
	else \
	    echo "SKIP: persist: needs valgrind (the valgrind runs)"; \
	    echo "0 passed, 0 failed, 1 skipped"; \
	fi; \
	exit $$fail
