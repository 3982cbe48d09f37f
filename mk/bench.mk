# Footprint and speed. Neither `make size` nor `make bench` is part of `make test`; the check
# bench-smoke is: it runs every benchmark workload once and checks the answers, so the
# benchmark cannot quietly measure error paths.
#   make size    flash (text+rodata / data / bss), worst-case stack under chdr_handle, undefined
#                symbols, for Cortex-M0+, Cortex-M4 and rv32imc; plus a -nostdlib link check
#   make bench   instructions (callgrind) and ns per call: customhdr, upstream jsmn tokenizing
#                only, and a cJSON handler, on the same requests; prints markdown tables

.PHONY: size bench check-bench-smoke
CHECKS += bench-smoke

BENCH_DIR := $(BUILD)/bench
# Fixed flags rather than $(CFLAGS): the published figures are for gcc -O2 on x86-64.
BENCH_CFLAGS := -std=c99 -O2 -g
BENCH_MISSING := $(if $(wildcard /usr/include/jsmn.h),,libjsmn-dev) $(if $(wildcard /usr/include/cjson/cJSON.h),,libcjson-dev)

# The library's own warning hygiene is the unit tests' business; here it is only measured.
$(BENCH_DIR)/library.o: bench/library.c customhdr.h jsmn/jsmn.h | $(BENCH_DIR)/.dir
	$(CC) $(BENCH_CFLAGS) $(CPPFLAGS) -c $< -o $@

$(BENCH_DIR)/%.o: bench/%.c bench/bench.h customhdr.h | $(BENCH_DIR)/.dir
	$(CC) $(BENCH_CFLAGS) $(STRICT) $(CPPFLAGS) -c $< -o $@

# Upstream jsmn is third-party code: built as it is, without our warning set.
$(BENCH_DIR)/jsmn_default.o: bench/jsmn_upstream.c bench/bench.h | $(BENCH_DIR)/.dir
	$(CC) $(BENCH_CFLAGS) $(CPPFLAGS) -DBENCH_JSMN_FN=bench_jsmn_default -c $< -o $@

$(BENCH_DIR)/jsmn_strict.o: bench/jsmn_upstream.c bench/bench.h | $(BENCH_DIR)/.dir
	$(CC) $(BENCH_CFLAGS) $(CPPFLAGS) -DJSMN_STRICT -DBENCH_JSMN_FN=bench_jsmn_strict -c $< -o $@

$(BENCH_DIR)/jsmn_ours.o: jsmn/jsmn.h

BENCH_OBJS := $(addprefix $(BENCH_DIR)/,bench.o cjson_handler.o library.o jsmn_ours.o \
                jsmn_default.o jsmn_strict.o)

$(BENCH_DIR)/bench: $(BENCH_OBJS)
	$(CC) $(BENCH_CFLAGS) -o $@ $(BENCH_OBJS) -lcjson

$(BENCH_DIR)/.dir:
	@mkdir -p $(@D) && touch $@

bench: $(BENCH_DIR)/bench
	@CC="$(CC)" nice -n 10 sh bench/bench.sh $(BENCH_DIR)

size:
	@nice -n 10 sh bench/size.sh $(BENCH_DIR)/size

check-bench-smoke:
ifeq ($(strip $(BENCH_MISSING)),)
	@$(MAKE) --no-print-directory $(BENCH_DIR)/bench >/dev/null
	@$(BENCH_DIR)/bench check
else
	@echo "SKIP: bench-smoke: needs $(strip $(BENCH_MISSING)) (upstream jsmn and cJSON, which the benchmark compares against)"
	@echo "0 passed, 0 failed, 1 skipped"
endif
