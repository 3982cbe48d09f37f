# Persistence (tests/test_persist.c): round trips, truncated, bit-flipped and forged blobs, power
# cuts over two flash slots, a firmware built with smaller limits, defaults, the change counter.
# Two builds of the same source, default limits and small limits, each run plain, under
# ASan+UBSan and under valgrind; every run prints its own "N passed, N failed" line.

CHECKS += persist

PERSIST_DIR   := $(BUILD)/persist
PERSIST_SMALL := -DPERSIST_SMALL -DCHDR_MAX_HEADERS=4 -DCHDR_STORAGE=200 -DCHDR_VALUE_MAX=50
# gcc 12 -O2 warns that chdr__emit_header in customhdr.h may read the chdr_header that chdr_next
# leaves unset past the table's end. Reported to the lead; drop this when customhdr.h is fixed.
PERSIST_WARN  := $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null | head -n 1)),,-Wno-error=maybe-uninitialized)
PERSIST_CC     = $(CC) -std=c99 $(STRICT) $(PERSIST_WARN) $(CPPFLAGS)
PERSIST_DEPS  := tests/test_persist.c tests/tinytest.h customhdr.h jsmn/jsmn.h
PERSIST_RUNS  := test_persist test_persist_san test_persist_small test_persist_small_san

.PHONY: check-persist

$(PERSIST_DIR)/test_persist: $(PERSIST_DEPS)
	@mkdir -p $(@D)
	$(PERSIST_CC) -O2 -g $< -o $@

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
	    echo "SKIP: clang warning pass needs clang (apt-get install clang)"; \
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
	    echo "SKIP: valgrind runs need valgrind (apt-get install valgrind)"; \
	    echo "0 passed, 0 failed, 1 skipped"; \
	fi; \
	exit $$fail
