# Fuzzing, coverage and MemorySanitizer (see fuzz/README.md).
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="jsmn handle load server"]
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
FUZZ_ALL    := jsmn handle load $(if $(wildcard fuzz/fuzz_server.c),server)
FUZZ_TARGETS ?= $(FUZZ_ALL)
AFL_SECONDS ?= 60
TARGET      ?= handle
FUZZ_DICT   := fuzz/customhdr.dict
FUZZ_CFLAGS := -std=c99 -g -O1 $(STRICT)
FUZZ_SANF   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_HDRS   := customhdr.h jsmn/jsmn.h fuzz/json_check.h fuzz/wire_check.h
# Sources besides fuzz/fuzz_T.c, and libraries, per target
FUZZ_SRC_jsmn   := fuzz/upstream_jsmn.c fuzz/links_jsmn.c
FUZZ_LIB_handle := -lcjson
FUZZ_SRC_server = $(FUZZ_SERVER_SRC)
# The demo server's request parser, when examples/server has it in a file of its own.
FUZZ_SERVER_SRC ?= $(wildcard examples/server/http_parse.c)

.PHONY: fuzz fuzz-build afl fuzz-merge coverage msan check-msan check-regress

$(FZ)/lf $(FZ)/afl $(FZ)/replay $(FZ)/cov $(FZ)/msan $(FZ)/work:
	@mkdir -p $@

# Prerequisites name each target's extra sources through $$(FUZZ_SRC_$$*).
.SECONDEXPANSION:

# Upstream jsmn is third-party code: its translation unit gets no warnings flags.
$(FZ)/lf/fuzz_%: fuzz/fuzz_%.c $(FUZZ_HDRS) $$(FUZZ_SRC_$$*) | $(FZ)/lf
	@command -v $(CLANG) >/dev/null || { echo "SKIP: $(CLANG) missing (apt-get install clang)"; exit 1; }
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SANF) $(CPPFLAGS) -c $< -o $@.o
	for s in $(FUZZ_SRC_$*); do \
	    $(CLANG) -std=c99 -g -O1 $$(case $$s in fuzz/upstream_*) echo -w;; *) echo $(STRICT);; esac) \
	        -fsanitize=fuzzer-no-link $(FUZZ_SANF) $(CPPFLAGS) -c $$s -o $@.$$(basename $$s .c).o || exit 1; \
	done
	$(CLANG) -fsanitize=fuzzer $(FUZZ_SANF) $@.o $(foreach s,$(FUZZ_SRC_$*),$@.$(basename $(notdir $(s))).o) \
	    $(FUZZ_LIB_$*) -o $@

fuzz-build: $(foreach t,$(FUZZ_TARGETS),$(FZ)/lf/fuzz_$(t))

# Each target starts from the committed corpus (read-only) plus its own work directory under
# build/, so a campaign never edits fuzz/corpus behind anyone's back.
fuzz: fuzz-build
	@fail=0; pass=0; \
	for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FZ)/work/$$t $(FZ)/artifacts/$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    if $(FZ)/lf/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -dict=$(FUZZ_DICT) -print_final_stats=1 \
	        -artifact_prefix=$(FZ)/artifacts/$$t/ $(FZ)/work/$$t fuzz/corpus/$$t \
	        >$(FZ)/work/$$t.log 2>&1; then \
	        pass=$$((pass+1)); grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' $(FZ)/work/$$t.log; \
	    else \
	        fail=$$((fail+1)); tail -n 40 $(FZ)/work/$$t.log; \
	        echo "FAIL fuzz_$$t: reproducer in $(FZ)/artifacts/$$t/"; \
	    fi; \
	done; \
	echo "$$pass passed, $$fail failed"; test $$fail -eq 0

# AFL++ builds the same LLVMFuzzerTestOneInput harnesses with its libFuzzer-compatible driver
# (afl-clang-fast -fsanitize=fuzzer links libAFLDriver instead of libFuzzer).
$(FZ)/afl/fuzz_%: fuzz/fuzz_%.c $(FUZZ_HDRS) $$(FUZZ_SRC_$$*) | $(FZ)/afl
	@command -v afl-clang-fast >/dev/null || { echo "SKIP: afl-clang-fast missing (apt-get install afl++)"; exit 1; }
	AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 afl-clang-fast -std=c99 -g -O1 -fsanitize=fuzzer \
	    $(CPPFLAGS) $< $(FUZZ_SRC_$*) $(FUZZ_LIB_$*) -o $@

afl: $(FZ)/afl/fuzz_$(TARGET)
	@rm -rf $(FZ)/afl/out-$(TARGET)
	AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
	    afl-fuzz -V $(AFL_SECONDS) -i fuzz/corpus/$(TARGET) -o $(FZ)/afl/out-$(TARGET) -x $(FUZZ_DICT) \
	    -- $(FZ)/afl/fuzz_$(TARGET) >$(FZ)/afl/$(TARGET).log 2>&1 || { tail -n 30 $(FZ)/afl/$(TARGET).log; exit 1; }
	@grep -E '^(execs_done|execs_per_sec|saved_crashes|saved_hangs|corpus_count)' \
	    $(FZ)/afl/out-$(TARGET)/default/fuzzer_stats
	@n=$$(ls $(FZ)/afl/out-$(TARGET)/default/crashes 2>/dev/null | grep -vc README); \
	if [ "$$n" -ne 0 ]; then echo "FAIL: $$n crashes in $(FZ)/afl/out-$(TARGET)/default/crashes"; exit 1; fi

fuzz-merge: $(FZ)/lf/fuzz_$(TARGET)
	@mkdir -p $(FZ)/merged-$(TARGET)
	$(FZ)/lf/fuzz_$(TARGET) -merge=1 $(FZ)/merged-$(TARGET) fuzz/corpus/$(TARGET) $(FZ)/work/$(TARGET)
	@echo "minimized corpus in $(FZ)/merged-$(TARGET): review, then replace fuzz/corpus/$(TARGET) with it"

# ---- replay: the harnesses without libFuzzer, for the regress check and coverage -------------
# fuzz/replay_main.c calls LLVMFuzzerTestOneInput on every file named (or in a directory named).
$(FZ)/replay/fuzz_%: fuzz/fuzz_%.c fuzz/replay_main.c $(FUZZ_HDRS) $$(FUZZ_SRC_$$*) | $(FZ)/replay
	$(CC) $(FUZZ_CFLAGS) $(SAN) $(CPPFLAGS) $< fuzz/replay_main.c $(FUZZ_SRC_$*) $(FUZZ_LIB_$*) -o $@

$(FZ)/test_regress: tests/test_regress.c $(FUZZ_HDRS) tests/tinytest.h | $(FZ)/replay
	$(CC) $(FUZZ_CFLAGS) $(SAN) $(CPPFLAGS) $< -o $@

CHECKS += regress
check-regress: $(FZ)/test_regress $(foreach t,$(FUZZ_ALL),$(FZ)/replay/fuzz_$(t))
	@$(FZ)/test_regress
	@pass=0; fail=0; for t in $(FUZZ_ALL); do \
	    if $(FZ)/replay/fuzz_$$t fuzz/corpus/$$t fuzz/regress/$$t >$(FZ)/replay/$$t.log 2>&1; then \
	        pass=$$((pass+1)); echo "corpus replay fuzz_$$t: $$(tail -n 1 $(FZ)/replay/$$t.log)"; \
	    else fail=$$((fail+1)); tail -n 20 $(FZ)/replay/$$t.log; echo "FAIL corpus replay fuzz_$$t"; fi; \
	done; echo "$$pass passed, $$fail failed"; test $$fail -eq 0
