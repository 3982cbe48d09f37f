# Fuzzing, coverage and MemorySanitizer (see fuzz/README.md).
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="jsmn handle handle_small handle_os load server"]
#                         every libFuzzer target for N seconds from the committed corpus;
#                         fails on any crash or oracle violation
#   make fuzz-build       just the libFuzzer binaries (build/fuzz/lf/fuzz_*)
#   make afl TARGET=handle [AFL_SECONDS=60]   one AFL++ campaign (build/fuzz/afl/)
#   make fuzz-merge TARGET=handle             minimize fuzz/corpus/TARGET with what a
#                         campaign found in build/fuzz/work/TARGET (-merge=1)
#   make coverage         line and branch coverage of customhdr.h and jsmn/jsmn.h from the
#                         tests plus the corpus (clang source-based coverage, llvm-cov)
#   make msan             the C test suites under MemorySanitizer
# Checks: regress (fuzz findings, tests/test_regress.c plus every corpus file replayed through
# the harness oracles without libFuzzer), msan.

FZ          := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_ALL    := jsmn handle handle_small handle_os load $(if $(wildcard examples/server/http_parse.c),server)
FUZZ_TARGETS ?= $(FUZZ_ALL)
AFL_SECONDS ?= 60
TARGET      ?= handle
FUZZ_DICT   := fuzz/customhdr.dict
FUZZ_CFLAGS := -std=c99 -g -O1 $(STRICT)
FUZZ_SANF   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_HDRS   := customhdr.h jsmn/jsmn.h fuzz/json_check.h fuzz/wire_check.h fuzz/fuzz_handle.c
# Sources besides fuzz/fuzz_T.c, and libraries, per target
FUZZ_SRC_jsmn   := fuzz/upstream_jsmn.c fuzz/links_jsmn.c
FUZZ_LIB_handle := -lcjson
FUZZ_LIB_handle_small := -lcjson
FUZZ_LIB_handle_os := -lcjson
# Added after FUZZ_CFLAGS: handle_os is fuzz_handle at -Os, as firmware builds it (the same
# code under another optimizer).
FUZZ_OPT_handle_os := -Os
# The demo server's request parser lives in a file of its own.
FUZZ_SRC_server := examples/server/http_parse.c
FUZZ_INC_server := -Iexamples/server

.PHONY: fuzz fuzz-build afl fuzz-merge coverage msan check-msan check-regress

$(FZ)/lf $(FZ)/afl $(FZ)/replay $(FZ)/cov $(FZ)/msan $(FZ)/work:
	@mkdir -p $@

# Prerequisites name each target's extra sources through $$(FUZZ_SRC_$$*).
.SECONDEXPANSION:

# Upstream jsmn is third-party code: its translation unit gets no warnings flags.
$(FZ)/lf/fuzz_%: fuzz/fuzz_%.c $(FUZZ_HDRS) $$(FUZZ_SRC_$$*) | $(FZ)/lf
	@command -v $(CLANG) >/dev/null || { echo "SKIP: $(CLANG) missing (apt-get install clang)"; exit 1; }
	$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_OPT_$*) -fsanitize=fuzzer $(FUZZ_SANF) $(CPPFLAGS) $(FUZZ_INC_$*) -c $< -o $@.o
	for s in $(FUZZ_SRC_$*); do \
	    $(CLANG) -std=c99 -g -O1 $$(case $$s in fuzz/upstream_*) echo -w;; *) echo $(STRICT);; esac) \
	        -fsanitize=fuzzer-no-link $(FUZZ_SANF) $(CPPFLAGS) $(FUZZ_INC_$*) -c $$s -o $@.$$(basename $$s .c).o || exit 1; \
	done
	$(CLANG) -fsanitize=fuzzer $(FUZZ_SANF) $@.o $(foreach s,$(FUZZ_SRC_$*),$@.$(basename $(notdir $(s))).o) \
	    $(FUZZ_LIB_$*) -o $@

fuzz-build: $(foreach t,$(FUZZ_TARGETS),$(FZ)/lf/fuzz_$(t))

# Each target starts from the committed corpus (read-only) plus its own work directory under
# build/, so a campaign never edits fuzz/corpus behind anyone's back.
fuzz: fuzz-build
	@fail=0; pass=0; \
	for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FZ)/ci/$$t $(FZ)/artifacts/$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    if $(FZ)/lf/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -dict=$(FUZZ_DICT) -print_final_stats=1 \
	        -artifact_prefix=$(FZ)/artifacts/$$t/ $(FZ)/ci/$$t fuzz/corpus/$$t \
	        >$(FZ)/ci/$$t.log 2>&1; then \
	        pass=$$((pass+1)); grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' $(FZ)/ci/$$t.log; \
	    else \
	        fail=$$((fail+1)); grep -E -A4 'oracle violated|^==[0-9]+==ERROR|runtime error' $(FZ)/ci/$$t.log | head -n 30; \
	        tail -n 8 $(FZ)/ci/$$t.log; \
	        echo "FAIL fuzz_$$t: reproducer in $(FZ)/artifacts/$$t/; base64 of each, for a CI log:"; \
	        for a in $(FZ)/artifacts/$$t/*; do [ -f "$$a" ] && { echo "$$a"; head -c 16384 "$$a" | base64 -w 0; echo; }; done; \
	    fi; \
	done; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

# AFL++ builds the same LLVMFuzzerTestOneInput harnesses with its libFuzzer-compatible driver
# (afl-clang-fast -fsanitize=fuzzer links libAFLDriver instead of libFuzzer).
$(FZ)/afl/fuzz_%: fuzz/fuzz_%.c $(FUZZ_HDRS) $$(FUZZ_SRC_$$*) | $(FZ)/afl
	@command -v afl-clang-fast >/dev/null || { echo "SKIP: afl-clang-fast missing (apt-get install afl++)"; exit 1; }
	AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 afl-clang-fast -std=c99 -g -O1 -fsanitize=fuzzer \
	    $(CPPFLAGS) $(FUZZ_INC_$*) $< $(FUZZ_SRC_$*) $(FUZZ_LIB_$*) -o $@

afl: $(FZ)/afl/fuzz_$(TARGET)
	@rm -rf $(FZ)/afl/out-$(TARGET)
	AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
	    afl-fuzz -V $(AFL_SECONDS) -i fuzz/corpus/$(TARGET) -o $(FZ)/afl/out-$(TARGET) -x $(FUZZ_DICT) \
	    -- $(FZ)/afl/fuzz_$(TARGET) >$(FZ)/afl/$(TARGET).log 2>&1 || { tail -n 30 $(FZ)/afl/$(TARGET).log; exit 1; }
	@grep -E '^(execs_done|execs_per_sec|saved_crashes|saved_hangs|corpus_count)' \
	    $(FZ)/afl/out-$(TARGET)/default/fuzzer_stats
	@n=$$(ls $(FZ)/afl/out-$(TARGET)/default/crashes 2>/dev/null | grep -vc README); \
	if [ "$$n" -ne 0 ]; then echo "FAIL: $$n crashes in $(FZ)/afl/out-$(TARGET)/default/crashes"; exit 1; fi

# -use_counters=0: keep one input per new edge, not per hit-count bucket, so the committed
# corpus stays a few hundred files per target while keeping every edge.
fuzz-merge: $(FZ)/lf/fuzz_$(TARGET)
	@rm -rf $(FZ)/merged-$(TARGET) && mkdir -p $(FZ)/merged-$(TARGET)
	$(FZ)/lf/fuzz_$(TARGET) -merge=1 -use_counters=0 $(FZ)/merged-$(TARGET) fuzz/corpus/$(TARGET) $(FZ)/work/$(TARGET)
	@echo "minimized corpus in $(FZ)/merged-$(TARGET) ($$(ls $(FZ)/merged-$(TARGET) | wc -l) files):"
	@echo "review it, then replace fuzz/corpus/$(TARGET) with it (git rm the old files)"

# ---- replay: the harnesses without libFuzzer, for the regress check and coverage -------------
# fuzz/replay_main.c calls LLVMFuzzerTestOneInput on every file named (or in a directory named).
$(FZ)/replay/fuzz_%: fuzz/fuzz_%.c fuzz/replay_main.c $(FUZZ_HDRS) $$(FUZZ_SRC_$$*) | $(FZ)/replay
	$(CC) $(FUZZ_CFLAGS) $(FUZZ_OPT_$*) $(SAN) $(CPPFLAGS) $(FUZZ_INC_$*) $< fuzz/replay_main.c $(FUZZ_SRC_$*) $(FUZZ_LIB_$*) -o $@

$(FZ)/test_regress: tests/test_regress.c $(FUZZ_HDRS) tests/tinytest.h | $(FZ)/replay
	$(CC) $(FUZZ_CFLAGS) $(SAN) $(CPPFLAGS) $< -o $@

# Harnesses whose oracles need a Debian package are replayed only when it is there.
REPLAY := $(if $(wildcard /usr/include/jsmn.h),jsmn) $(if $(wildcard /usr/include/cjson/cJSON.h),handle handle_small handle_os) load \
          $(filter server,$(FUZZ_ALL))
# One SKIP line per missing package, each counted as one skip.
REPLAY_SKIPS = $(if $(wildcard /usr/include/jsmn.h),,echo "SKIP: regress: needs libjsmn-dev (the corpus replay of fuzz_jsmn)"; skip=$$((skip+1));) \
               $(if $(wildcard /usr/include/cjson/cJSON.h),,echo "SKIP: regress: needs libcjson-dev (the corpus replays of fuzz_handle, fuzz_handle_small, fuzz_handle_os)"; skip=$$((skip+1));)

CHECKS += regress
check-regress: $(FZ)/test_regress $(foreach t,$(REPLAY),$(FZ)/replay/fuzz_$(t))
	@$(FZ)/test_regress; rc=$$?; \
	pass=0; fail=0; skip=0; for t in $(REPLAY); do \
	    if $(FZ)/replay/fuzz_$$t fuzz/corpus/$$t fuzz/regress/$$t >$(FZ)/replay/$$t.log 2>&1; then \
	        pass=$$((pass+1)); echo "corpus replay fuzz_$$t: $$(tail -n 1 $(FZ)/replay/$$t.log)"; \
	    else fail=$$((fail+1)); tail -n 20 $(FZ)/replay/$$t.log; echo "FAIL corpus replay fuzz_$$t"; fi; \
	done; \
	$(REPLAY_SKIPS) \
	echo "$$pass passed, $$fail failed, $$skip skipped"; test $$fail -eq 0 -a $$rc -eq 0

# ---- MemorySanitizer: every tests/test_*.c that builds on its own with the library ----------
# A suite that needs other libraries or flags does not build standalone and is listed as
# skipped, not failed: its own check covers it. This check fails on a MemorySanitizer report or
# a crash; a suite's ordinary test failures are reported by that suite's own check.
MSAN_TESTS := $(wildcard tests/test_*.c)
MSAN_FLAGS := -std=c99 -g -O1 -fsanitize=memory -fsanitize-memory-track-origins -fno-omit-frame-pointer \
              -fno-sanitize-recover=all

msan: check-msan
CHECKS += msan
check-msan: | $(FZ)/msan
	@if ! echo 'int main(void){return 0;}' | $(CLANG) -fsanitize=memory -x c - -o $(FZ)/msan/probe 2>/dev/null; then \
	    echo "SKIP: msan: needs clang libclang-rt-14-dev (clang with MemorySanitizer)"; \
	    echo "0 passed, 0 failed, 1 skipped"; exit 0; fi; \
	pass=0; fail=0; skip=0; \
	for src in $(MSAN_TESTS); do \
	    t=$$(basename $$src .c); \
	    if ! $(CLANG) $(MSAN_FLAGS) $(CPPFLAGS) $$src -o $(FZ)/msan/$$t >$(FZ)/msan/$$t.build.log 2>&1; then \
	        skip=$$((skip+1)); echo "msan $$t: skipped, does not build standalone ($(FZ)/msan/$$t.build.log)"; continue; fi; \
	    $(FZ)/msan/$$t >$(FZ)/msan/$$t.log 2>&1; rc=$$?; \
	    summary=$$(grep -E '[0-9]+ passed, [0-9]+ failed' $(FZ)/msan/$$t.log | tail -n 1); \
	    if grep -q MemorySanitizer $(FZ)/msan/$$t.log; then \
	        fail=$$((fail+1)); grep -A12 MemorySanitizer $(FZ)/msan/$$t.log | head -n 30; echo "FAIL msan $$t"; \
	    elif [ $$rc -ne 0 ] && [ -z "$$summary" ]; then \
	        fail=$$((fail+1)); tail -n 5 $(FZ)/msan/$$t.log; echo "FAIL msan $$t: exit $$rc without a summary"; \
	    else \
	        pass=$$((pass+1)); \
	        echo "msan $$t: no MemorySanitizer report (suite: $$summary$$( [ $$rc -ne 0 ] && echo '; its failures are its own check'\''s business'))"; \
	    fi; \
	done; \
	echo "$$pass passed, $$fail failed, $$skip skipped"; test $$fail -eq 0

# ---- coverage: the C test suites plus every corpus replayed, clang source-based coverage ------
LLVM_COV      ?= $(firstword $(foreach t,llvm-cov llvm-cov-14,$(if $(call have,$(t)),$(t))))
LLVM_PROFDATA ?= $(firstword $(foreach t,llvm-profdata llvm-profdata-14,$(if $(call have,$(t)),$(t))))
COV_FLAGS     := -std=c99 -g -O0 -fprofile-instr-generate -fcoverage-mapping
COV_TARGETS   := jsmn handle handle_small load
COV_FILES     := customhdr.h jsmn/jsmn.h

coverage: | $(FZ)/cov
	@test -n "$(LLVM_COV)" -a -n "$(LLVM_PROFDATA)" || { echo "llvm-cov/llvm-profdata missing (apt-get install llvm)"; exit 1; }
	@rm -f $(FZ)/cov/*.profraw; objs=""; \
	for src in $(wildcard tests/test_*.c); do \
	    t=$$(basename $$src .c); \
	    $(CLANG) $(COV_FLAGS) $(CPPFLAGS) $$src -o $(FZ)/cov/$$t >/dev/null 2>&1 || { echo "coverage: $$t skipped (does not build standalone)"; continue; }; \
	    LLVM_PROFILE_FILE=$(FZ)/cov/$$t.profraw $(FZ)/cov/$$t >/dev/null 2>&1 || echo "coverage: $$t has failures (counted anyway)"; \
	    objs="$$objs -object $(FZ)/cov/$$t"; \
	done; \
	for t in $(COV_TARGETS); do \
	    $(CLANG) $(COV_FLAGS) $(CPPFLAGS) $(FUZZ_INC_$$t) fuzz/fuzz_$$t.c fuzz/replay_main.c \
	        $$(case $$t in jsmn) echo fuzz/upstream_jsmn.c fuzz/links_jsmn.c;; esac) \
	        $$(case $$t in handle*) echo -lcjson;; esac) -o $(FZ)/cov/fuzz_$$t || exit 1; \
	    LLVM_PROFILE_FILE=$(FZ)/cov/fuzz_$$t.profraw $(FZ)/cov/fuzz_$$t fuzz/corpus/$$t fuzz/regress/$$t >/dev/null || exit 1; \
	    objs="$$objs -object $(FZ)/cov/fuzz_$$t"; \
	done; \
	$(LLVM_PROFDATA) merge -sparse $(FZ)/cov/*.profraw -o $(FZ)/cov/all.profdata && \
	$(LLVM_COV) report -instr-profile=$(FZ)/cov/all.profdata $${objs# -object } $(COV_FILES) | tee $(FZ)/cov/report.txt && \
	$(LLVM_COV) show -instr-profile=$(FZ)/cov/all.profdata -show-branches=count -show-line-counts \
	    $${objs# -object } $(COV_FILES) >$(FZ)/cov/show.txt && \
	echo "uncovered lines and branches: $(FZ)/cov/uncovered.txt" && \
	awk -v root=$(CURDIR)/ -f fuzz/uncovered.awk $(FZ)/cov/show.txt >$(FZ)/cov/uncovered.txt; cat $(FZ)/cov/uncovered.txt
