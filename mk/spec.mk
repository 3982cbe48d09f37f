# Behaviour tests written from docs/behaviour.md (tests/test_spec.c, test_property.c, test_buffer.c):
#   spec      one test per rule of docs/behaviour.md, responses compared byte for byte where it fixes them
#   property  model-based random request sequences against a reference model
#   buffer    the output buffer contract (caps 0..len+1, canaries) and CHDR_RESPONSE_MAX
# Each is built with gcc at -O0, -O2 and -Os (firmware's usual choice) as C99, at -O2 as C11,
# with clang at -O2 as C99 and C11, as C++11 with g++ (which also proves the implementation
# compiles as C++), all with $(STRICT), and with $(SAN); a check runs the gcc -O0, -O2 and -Os,
# clang C11, C++ and sanitizer builds and one valgrind run, each printing its own "N passed"
# line (run_all.sh adds them up). property and buffer also run in a small-limits sanitizer build;
# spec also feeds JSONTestSuite's test_parsing through chdr_handle. gcc is all they need: a
# missing clang, g++ or valgrind drops those builds and runs, with a SKIP line naming the package.
# About 25 s of running, plus about 40 s of compiling from clean.

CHECKS += spec property buffer

SPEC_DIR   := $(BUILD)/spec
SPEC_GCC   ?= gcc
SPEC_GXX   ?= g++
SPEC_DEPS  := customhdr.h jsmn/jsmn.h tests/spec_util.h tests/tinytest.h
SPEC_OPT   := -O2 -g
# looked up once, as the fragment is read: the prerequisite lists below depend on them
SPEC_CLANG := $(call have,$(CLANG))
SPEC_CXX   := $(call have,$(SPEC_GXX))
SPEC_VG    := $(call have,valgrind)

# Arguments for the slower runs: the property test's seed and sequences per test, the buffer
# test's "quick" mode (a sample of caps rather than every one).
SPEC_VG_ARGS_spec     :=
SPEC_VG_ARGS_property := 20261129 60
SPEC_VG_ARGS_buffer   := quick
SPEC_SAN_ARGS_spec     :=
SPEC_SAN_ARGS_property := 20261129 300
SPEC_SAN_ARGS_buffer   :=

# JSONTestSuite's test_parsing, outside the repository; the spec check runs it through
# chdr_handle when it is there and prints a SKIP line when not.
SPEC_JSONSUITE ?= ../shared/conformance/JSONTestSuite/test_parsing

# Small limits, to show the tests (and the library) follow the configuration rather than the
# defaults; the property and buffer tests run in this build too, with the sanitizers.
SPEC_SMALL := -DCHDR_MAX_HEADERS=4 -DCHDR_STORAGE=200 -DCHDR_NAME_MAX=20 -DCHDR_VALUE_MAX=60 \
              -DCHDR_CONTEXT_MAX=16 -DCHDR_MAX_TOKENS=24 -DCHDR_REQUEST_MAX=600

SPEC_BUILDS := gcc-c99 gcc-c11 o0 os san $(if $(SPEC_CXX),cxx) $(if $(SPEC_CLANG),clang-c99 clang-c11)
SPEC_RUNS   := o0 gcc-c99 os $(if $(SPEC_CLANG),clang-c11) $(if $(SPEC_CXX),cxx)

$(SPEC_DIR)/.dir:
	@mkdir -p $(@D) && touch $@

$(SPEC_DIR)/%-gcc-c99: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(SPEC_GCC) -std=c99 $(SPEC_OPT) $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-gcc-c11: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(SPEC_GCC) -std=c11 $(SPEC_OPT) $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-clang-c99: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(CLANG) -std=c99 $(SPEC_OPT) $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-clang-c11: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(CLANG) -std=c11 $(SPEC_OPT) $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-o0: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(SPEC_GCC) -std=c99 -O0 -g $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-os: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(SPEC_GCC) -std=c99 -Os -g $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-cxx: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(SPEC_GXX) -x c++ -std=c++11 $(SPEC_OPT) $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-san: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(SPEC_GCC) -std=c99 -O1 -g $(SAN) $(STRICT) $(CPPFLAGS) $< -o $@
$(SPEC_DIR)/%-small: tests/test_%.c $(SPEC_DEPS) | $(SPEC_DIR)/.dir
	$(SPEC_GCC) -std=c99 -O1 -g $(SAN) $(STRICT) $(CPPFLAGS) $(SPEC_SMALL) $< -o $@

.PHONY: check-spec check-property check-buffer spec-build
spec-build: $(foreach t,spec property buffer,$(foreach v,$(SPEC_BUILDS),$(SPEC_DIR)/$(t)-$(v))) \
            $(SPEC_DIR)/property-small $(SPEC_DIR)/buffer-small

check-property check-buffer: check-%: $(SPEC_DIR)/%-small
check-spec check-property check-buffer: check-%: $(foreach v,$(SPEC_BUILDS),$(SPEC_DIR)/%-$(v))
	@rc=0; \
	for v in $(SPEC_RUNS); do \
	    case $$v in o0) what='gcc -O0';; os) what='gcc -Os';; cxx) what='g++ C++11 -O2';; *) what="$$v -O2";; esac; \
	    echo "--- $* ($$what)"; $(SPEC_DIR)/$*-$$v || rc=1; \
	done; \
	echo "--- $* (ASan+UBSan)"; \
	ASAN_OPTIONS=detect_leaks=1 $(SPEC_DIR)/$*-san $(SPEC_SAN_ARGS_$*) || rc=1; \
	if [ -n "$(SPEC_VG)" ]; then \
	    echo "--- $* (valgrind)"; \
	    nice -n 10 valgrind --error-exitcode=99 -q --leak-check=full \
	        $(SPEC_DIR)/$*-gcc-c99 $(SPEC_VG_ARGS_$*); st=$$?; \
	    [ $$st -eq 99 ] && echo "valgrind: 0 passed, 1 failed"; [ $$st -ne 0 ] && rc=1; \
	else \
	    echo "SKIP: $*: needs valgrind (the valgrind run)"; echo "0 passed, 0 failed, 1 skipped"; \
	fi; \
	if [ "$*" != spec ]; then \
	    echo "--- $* (small limits, ASan+UBSan)"; \
	    $(SPEC_DIR)/$*-small $(SPEC_SAN_ARGS_$*) || rc=1; \
	fi; \
	if [ "$*" = spec ] && [ -d "$(SPEC_JSONSUITE)" ]; then \
	    echo "--- spec (JSONTestSuite through chdr_handle, ASan+UBSan)"; \
	    $(SPEC_DIR)/spec-san --jsonsuite $(SPEC_JSONSUITE) || rc=1; \
	elif [ "$*" = spec ]; then \
	    echo "SKIP: spec: needs JSONTestSuite's test_parsing at $(SPEC_JSONSUITE) (not a Debian package; set SPEC_JSONSUITE=DIR)"; \
	    echo "0 passed, 0 failed, 1 skipped"; \
	fi; \
	if [ -z "$(SPEC_CLANG)" ]; then \
	    echo "SKIP: $*: needs clang (the clang C99 and C11 builds)"; echo "0 passed, 0 failed, 1 skipped"; \
	fi; \
	if [ -z "$(SPEC_CXX)" ]; then \
	    echo "SKIP: $*: needs g++ (the C++11 build)"; echo "0 passed, 0 failed, 1 skipped"; \
	fi; \
	exit $$rc
