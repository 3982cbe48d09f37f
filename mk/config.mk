# Two configurations a firmware may choose, each held to what it promises (tests/test_small_part.c,
# tests/test_policy.c): the small-part limits of bench/small_part.h, and a forbidden-name policy
# of the firmware's own (CHDR_FORBIDDEN). Built with gcc at -O0, -O2 and -Os with $(STRICT), and
# with the sanitizers. About 1 s.
CHECKS += config

CONFIG_DIR   := $(BUILD)/config
CONFIG_TESTS := small_part policy
CONFIG_DEPS  := customhdr.h jsmn/jsmn.h bench/small_part.h tests/tinytest.h

$(CONFIG_DIR)/.dir:
	@mkdir -p $(@D) && touch $@

$(CONFIG_DIR)/%-o0: tests/test_%.c $(CONFIG_DEPS) | $(CONFIG_DIR)/.dir
	$(CC) -std=c99 -O0 -g -D_GNU_SOURCE $(STRICT) $(CPPFLAGS) $< -o $@
$(CONFIG_DIR)/%-o2: tests/test_%.c $(CONFIG_DEPS) | $(CONFIG_DIR)/.dir
	$(CC) -std=c99 -O2 -g -D_GNU_SOURCE $(STRICT) $(CPPFLAGS) $< -o $@
$(CONFIG_DIR)/%-os: tests/test_%.c $(CONFIG_DEPS) | $(CONFIG_DIR)/.dir
	$(CC) -std=c99 -Os -g -D_GNU_SOURCE $(STRICT) $(CPPFLAGS) $< -o $@
$(CONFIG_DIR)/%-san: tests/test_%.c $(CONFIG_DEPS) | $(CONFIG_DIR)/.dir
	$(CC) -std=c99 -O1 -g -D_GNU_SOURCE $(SAN) $(STRICT) $(CPPFLAGS) $< -o $@

.PHONY: check-config
check-config: $(foreach t,$(CONFIG_TESTS),$(foreach v,o0 o2 os san,$(CONFIG_DIR)/$(t)-$(v)))
	@rc=0; \
	for t in $(CONFIG_TESTS); do for v in o0 o2 os san; do \
	    echo "--- $$t ($$v)"; $(CONFIG_DIR)/$$t-$$v || rc=1; \
	done; done; \
	exit $$rc
