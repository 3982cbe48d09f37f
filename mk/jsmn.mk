# jsmn/jsmn.h, the strict RFC 8259 tokenizer: unit tests (-O0, -O2, JSMN_PARENT_LINKS,
# ASan+UBSan, -Os, clang, valgrind), the differential test against upstream jsmn, JSONTestSuite,
# a compile check. gcc is enough: a missing clang, valgrind or libjsmn-dev is a SKIP line.
#   make jsontestsuite   JSONTestSuite's test_parsing (if ../shared/conformance is there)
CHECKS += jsmn jsmn-diff jsmn-suite jsmn-props jsmn-compile

JSMN_B      := $(BUILD)/jsmn
JSMN_SUITE  ?= ../shared/conformance/JSONTestSuite/test_parsing
JSMN_HDR    ?= jsmn/jsmn.h
JSMN_W      := $(STRICT) -Wsign-conversion
JSMN_O2     := -std=c99 -O2 -g $(JSMN_W)
JSMN_SANF   := -std=c99 -O1 -g $(JSMN_W) $(SAN)
JSMN_OS     := -std=c99 -Os -g $(JSMN_W)

.PHONY: check-jsmn check-jsmn-diff check-jsmn-suite check-jsmn-compile jsontestsuite

$(JSMN_B)/.dir:
	@mkdir -p $(@D) && touch $@

$(JSMN_B)/test_jsmn_o0: tests/test_jsmn.c $(JSMN_HDR) tests/tinytest.h | $(JSMN_B)/.dir
	$(CC) -std=c99 -O0 -g $(JSMN_W) $(CPPFLAGS) $< -o $@
$(JSMN_B)/test_jsmn: tests/test_jsmn.c $(JSMN_HDR) tests/tinytest.h | $(JSMN_B)/.dir
	$(CC) $(JSMN_O2) $(CPPFLAGS) $< -o $@
$(JSMN_B)/test_jsmn_links: tests/test_jsmn.c $(JSMN_HDR) tests/tinytest.h | $(JSMN_B)/.dir
	$(CC) $(JSMN_O2) -DJSMN_PARENT_LINKS $(CPPFLAGS) $< -o $@
$(JSMN_B)/test_jsmn_san: tests/test_jsmn.c $(JSMN_HDR) tests/tinytest.h | $(JSMN_B)/.dir
	$(CC) $(JSMN_SANF) $(CPPFLAGS) $< -o $@
$(JSMN_B)/test_jsmn_os: tests/test_jsmn.c $(JSMN_HDR) tests/tinytest.h | $(JSMN_B)/.dir
	$(CC) $(JSMN_OS) $(SAN) $(CPPFLAGS) $< -o $@

check-jsmn: $(JSMN_B)/test_jsmn_o0 $(JSMN_B)/test_jsmn $(JSMN_B)/test_jsmn_links $(JSMN_B)/test_jsmn_san \
            $(JSMN_B)/test_jsmn_os
	@echo "-- -O0"; $(JSMN_B)/test_jsmn_o0
	@echo "-- -O2"; $(JSMN_B)/test_jsmn
	@echo "-- -O2 JSMN_PARENT_LINKS"; $(JSMN_B)/test_jsmn_links
	@echo "-- ASan+UBSan"; $(JSMN_B)/test_jsmn_san
	@echo "-- -Os, ASan+UBSan"; $(JSMN_B)/test_jsmn_os
	@if command -v $(CLANG) >/dev/null 2>&1; then \
	    $(CLANG) $(JSMN_SANF) $(CPPFLAGS) tests/test_jsmn.c -o $(JSMN_B)/test_jsmn_clang && \
	    echo "-- clang ASan+UBSan" && $(JSMN_B)/test_jsmn_clang; \
	else \
	    echo "SKIP: jsmn: needs clang (the clang run)"; \
	    echo "0 passed, 0 failed, 1 skipped"; \
	fi
	@if command -v valgrind >/dev/null 2>&1; then \
	    echo "-- valgrind"; valgrind -q --error-exitcode=1 $(JSMN_B)/test_jsmn; \
	else \
	    echo "SKIP: jsmn: needs valgrind (the valgrind run)"; \
	    echo "0 passed, 0 failed, 1 skipped"; \
	fi

# Upstream (Debian libjsmn-dev) is third-party code: its translation unit gets no -Werror.
$(JSMN_B)/upstream%.o: tests/jsmn_upstream.c tests/jsmn_upstream.h | $(JSMN_B)/.dir
	$(CC) -std=c99 -O2 -g $(SAN) $(if $(findstring links,$*),-DJSMN_PARENT_LINKS) $(CPPFLAGS) -c $< -o $@
$(JSMN_B)/jsmn_diff%: tests/jsmn_diff.c $(JSMN_HDR) tests/jsmn_upstream.h $(JSMN_B)/upstream%.o
	$(CC) $(if $(findstring os,$*),$(JSMN_OS) $(SAN),$(JSMN_SANF)) $(if $(findstring links,$*),-DJSMN_PARENT_LINKS) $(CPPFLAGS) $< $(JSMN_B)/upstream$*.o -o $@

check-jsmn-diff:
ifneq ($(wildcard /usr/include/jsmn.h),)
	@$(MAKE) --no-print-directory $(JSMN_B)/jsmn_diff_plain $(JSMN_B)/jsmn_diff_links $(JSMN_B)/jsmn_diff_os >/dev/null
	@echo "-- tokens (type, start, end, size)"; $(JSMN_B)/jsmn_diff_plain $(JSMN_SUITE)
	@echo "-- with JSMN_PARENT_LINKS (parent too)"; $(JSMN_B)/jsmn_diff_links $(JSMN_SUITE)
	@echo "-- -Os"; $(JSMN_B)/jsmn_diff_os $(JSMN_SUITE)
else
	@echo "SKIP: jsmn-diff: needs libjsmn-dev (upstream jsmn at /usr/include/jsmn.h)"
	@echo "0 passed, 0 failed, 1 skipped"
endif

$(JSMN_B)/jsmn_suite: tests/jsmn_suite.c $(JSMN_HDR) | $(JSMN_B)/.dir
	$(CC) $(JSMN_O2) $(CPPFLAGS) $< -o $@
$(JSMN_B)/jsmn_suite_san: tests/jsmn_suite.c $(JSMN_HDR) | $(JSMN_B)/.dir
	$(CC) $(JSMN_SANF) $(CPPFLAGS) $< -o $@
$(JSMN_B)/jsmn_suite_os: tests/jsmn_suite.c $(JSMN_HDR) | $(JSMN_B)/.dir
	$(CC) $(JSMN_OS) $(SAN) $(CPPFLAGS) $< -o $@

jsontestsuite check-jsmn-suite:
ifneq ($(wildcard $(JSMN_SUITE)/y_*.json),)
	@$(MAKE) --no-print-directory $(JSMN_B)/jsmn_suite $(JSMN_B)/jsmn_suite_san $(JSMN_B)/jsmn_suite_os >/dev/null
	@echo "-- -O2"; $(JSMN_B)/jsmn_suite $(JSMN_SUITE)
	@echo "-- ASan+UBSan"; $(JSMN_B)/jsmn_suite_san $(JSMN_SUITE) -q
	@echo "-- -Os, ASan+UBSan"; $(JSMN_B)/jsmn_suite_os $(JSMN_SUITE) -q
else
	@echo "SKIP: jsmn-suite: needs JSONTestSuite's test_parsing at $(JSMN_SUITE) (not a Debian package; set JSMN_SUITE=DIR)"
	@echo "0 passed, 0 failed, 1 skipped"
endif

# Properties on arbitrary bytes (tests/jsmn_props.c): counting mode agrees, resuming agrees.
# `make jsmn-fuzz [JSMN_FUZZ_SECONDS=60]` runs them under libFuzzer.
JSMN_FUZZ_SECONDS ?= 60
$(JSMN_B)/props_%.o: tests/jsmn_props_impl.c tests/jsmn_props.h $(JSMN_HDR) | $(JSMN_B)/.dir
	$(CC) $(JSMN_SANF) -DPROPS_PREFIX=$* $(CPPFLAGS) -c $< -o $@
$(JSMN_B)/jsmn_props: tests/jsmn_props.c $(JSMN_B)/props_byte.o
	$(CC) $(JSMN_SANF) $(CPPFLAGS) $^ -o $@

check-jsmn-props: $(JSMN_B)/jsmn_props
	@$(JSMN_B)/jsmn_props $(wildcard $(JSMN_SUITE))

.PHONY: jsmn-fuzz
jsmn-fuzz: | $(JSMN_B)/.dir
	@command -v $(CLANG) >/dev/null 2>&1 || { echo "jsmn-fuzz needs clang (apt-get install clang)"; exit 1; }
	$(CLANG) -O1 -g -fsanitize=fuzzer-no-link,address,undefined -DPROPS_PREFIX=byte $(CPPFLAGS) -c tests/jsmn_props_impl.c -o $(JSMN_B)/fz_byte.o
	$(CLANG) -O1 -g -fsanitize=fuzzer,address,undefined -DJSMN_PROPS_FUZZER $(CPPFLAGS) tests/jsmn_props.c $(JSMN_B)/fz_byte.o -o $(JSMN_B)/jsmn_fuzz
	@mkdir -p $(JSMN_B)/fuzz-corpus
	nice -n 10 $(JSMN_B)/jsmn_fuzz -max_total_time=$(JSMN_FUZZ_SECONDS) -max_len=4096 $(JSMN_B)/fuzz-corpus $(wildcard $(JSMN_SUITE))

check-jsmn-compile:
	@sh tests/jsmn_compile.sh $(JSMN_B)

# Not part of make test: instructions per tokenize against upstream jsmn (needs valgrind and
# libjsmn-dev), and the tokenizer's code size on Cortex-M0+.
.PHONY: jsmn-bench
$(JSMN_B)/jsmn_bench: tests/jsmn_bench.c tests/jsmn_bench_upstream.c $(JSMN_HDR) | $(JSMN_B)/.dir
	$(CC) -std=c99 -O2 -g $(JSMN_W) $(CPPFLAGS) -c tests/jsmn_bench.c -o $@.o
	$(CC) -std=c99 -O2 -g $(CPPFLAGS) -c tests/jsmn_bench_upstream.c -o $@-upstream.o
	$(CC) $@.o $@-upstream.o -o $@
jsmn-bench: $(JSMN_B)/jsmn_bench
	@nice -n 10 sh tests/jsmn_bench.sh $(JSMN_B)
