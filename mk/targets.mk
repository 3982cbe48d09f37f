# The library on the cores it is for (tests/targets/README.md):
#   - the spec, property, buffer and persist suites built with arm-linux-gnueabihf-gcc and
#     mips-linux-gnu-gcc (-static) and run under qemu-arm and qemu-mips; a saved blob compared
#     byte for byte between x86-64, arm and mips (big-endian)
#   - tests/targets/script.c, a fixed script of requests, as a bare-metal image for
#     qemu-system-arm -M microbit (Cortex-M0, 16 KB RAM) and qemu-system-riscv32 -M sifive_e
#     (rv32imac, 16 KB RAM), at the default limits and at bench/small_part.h's; its transcript
#     compared byte for byte with the same script built for the host, and its measured stack held
#     to the static bound of bench/stack.py
# Each part says SKIP on its own when its compiler or emulator is missing. About a minute.
#   make targets-build   every image and cross-built suite this machine has the tools for
CHECKS += targets

TG       := $(BUILD)/targets
TG_DEPS  := customhdr.h jsmn/jsmn.h bench/library.c bench/small_part.h mk/targets.mk
TG_SRC   := tests/targets/script.c tests/targets/port.h
# the two configurations of every script build
TG_CFG_defaults :=
TG_CFG_small    := -include bench/small_part.h

.PHONY: check-targets targets-build
check-targets:
	@sh tests/targets/check.sh

$(TG)/host-%/script: $(TG_SRC) tests/targets/port_host.c $(TG_DEPS)
	@mkdir -p $(@D)
	$(CC) -std=c99 -O2 -g $(STRICT) $(CPPFLAGS) $(TG_CFG_$*) tests/targets/script.c \
	    tests/targets/port_host.c bench/library.c -o $@

$(TG)/host/blob: tests/targets/blob.c customhdr.h jsmn/jsmn.h
	@mkdir -p $(@D)
	$(CC) -std=c99 -O2 -g $(STRICT) $(CPPFLAGS) $< -o $@

# ---- the suites under qemu-user ---------------------------------------------------------------
# _FILE_OFFSET_BITS=64: 32-bit glibc's readdir fails with EOVERFLOW on the host's 64-bit inode
# numbers and directory offsets, which qemu-user passes through, and the spec suite reads
# JSONTestSuite's directory.
TG_LINUX_CC_arm  := arm-linux-gnueabihf-gcc
TG_LINUX_CC_mips := mips-linux-gnu-gcc
TG_SUITE_DEPS    := customhdr.h jsmn/jsmn.h tests/tinytest.h tests/spec_util.h mk/targets.mk
TG_LINUX_FLAGS   := -std=c99 -O2 -static -D_FILE_OFFSET_BITS=64 $(STRICT) $(CPPFLAGS)

define TG_LINUX
$(TG)/linux-$(1)/test_%: tests/test_%.c $(TG_SUITE_DEPS)
	@mkdir -p $$(@D)
	$(TG_LINUX_CC_$(1)) $(TG_LINUX_FLAGS) $$< -o $$@
$(TG)/linux-$(1)/blob: tests/targets/blob.c customhdr.h jsmn/jsmn.h
	@mkdir -p $$(@D)
	$(TG_LINUX_CC_$(1)) $(TG_LINUX_FLAGS) $$< -o $$@
endef
$(foreach a,arm mips,$(eval $(call TG_LINUX,$(a))))

# ---- the bare-metal images --------------------------------------------------------------------
# The library is compiled as bench/size.sh compiles it for make size (-Os, -ffunction-sections,
# one unit), with -fcallgraph-info beside it, so bench/stack.py bounds the very code that runs.
# mem.c is ours for the same reason: its frames are in the bound too.
TG_CC_m0      := arm-none-eabi-gcc
TG_ARCH_m0    := -mthumb -mcpu=cortex-m0
TG_AS_m0      := -mthumb -mcpu=cortex-m0
TG_START_m0   := tests/targets/arm_m0.S
TG_LD_m0      := tests/targets/microbit.ld
TG_CC_rv32    := riscv64-unknown-elf-gcc
TG_ARCH_rv32  := -march=rv32imac -mabi=ilp32
TG_AS_rv32    := -march=rv32imac_zicsr -mabi=ilp32
TG_START_rv32 := tests/targets/rv32.S
TG_LD_rv32    := tests/targets/sifive_e.ld
TG_BARE       := -std=c99 -Os -g $(STRICT) $(CPPFLAGS) -ffreestanding -ffunction-sections \
                 -fdata-sections
TG_STACKINFO  := -fstack-usage -fcallgraph-info=su

define TG_IMAGE
$(TG)/$(1)-%/library.o: $(TG_DEPS)
	@mkdir -p $$(@D)
	$(TG_CC_$(1)) $(TG_ARCH_$(1)) $(TG_BARE) $(TG_STACKINFO) $$(TG_CFG_$$*) -c bench/library.c -o $$@
$(TG)/$(1)-%/mem.o: tests/targets/mem.c mk/targets.mk
	@mkdir -p $$(@D)
	$(TG_CC_$(1)) $(TG_ARCH_$(1)) $(TG_BARE) $(TG_STACKINFO) -fno-tree-loop-distribute-patterns \
	    -c $$< -o $$@
$(TG)/$(1)-%/script.o: $(TG_SRC) $(TG_DEPS)
	@mkdir -p $$(@D)
	$(TG_CC_$(1)) $(TG_ARCH_$(1)) $(TG_BARE) $$(TG_CFG_$$*) -c tests/targets/script.c -o $$@
$(TG)/$(1)-%/port.o: tests/targets/port_semihost.c tests/targets/port.h mk/targets.mk
	@mkdir -p $$(@D)
	$(TG_CC_$(1)) $(TG_ARCH_$(1)) $(TG_BARE) -c $$< -o $$@
$(TG)/$(1)-%/start.o: $(TG_START_$(1)) mk/targets.mk
	@mkdir -p $$(@D)
	$(TG_CC_$(1)) $(TG_AS_$(1)) -c $$< -o $$@
$(TG)/$(1)-%/script.elf: $(TG)/$(1)-%/start.o $(TG)/$(1)-%/script.o $(TG)/$(1)-%/port.o \
		$(TG)/$(1)-%/library.o $(TG)/$(1)-%/mem.o $(TG_LD_$(1))
	$(TG_CC_$(1)) $(TG_ARCH_$(1)) -nostdlib -nostartfiles -T $(TG_LD_$(1)) -Wl,--gc-sections \
	    $$(filter %.o,$$^) -lgcc -o $$@
endef
$(foreach c,m0 rv32,$(eval $(call TG_IMAGE,$(c))))
# kept, so that a rebuild after an edit compiles only what changed
.PRECIOUS: $(TG)/%.o

TG_ALL := $(foreach c,defaults small,$(TG)/host-$(c)/script) $(TG)/host/blob \
    $(if $(call have,arm-linux-gnueabihf-gcc),$(foreach t,spec property buffer persist,$(TG)/linux-arm/test_$(t)) $(TG)/linux-arm/blob) \
    $(if $(call have,mips-linux-gnu-gcc),$(foreach t,spec property buffer persist,$(TG)/linux-mips/test_$(t)) $(TG)/linux-mips/blob) \
    $(if $(call have,arm-none-eabi-gcc),$(foreach c,defaults small,$(TG)/m0-$(c)/script.elf)) \
    $(if $(call have,riscv64-unknown-elf-gcc),$(foreach c,defaults small,$(TG)/rv32-$(c)/script.elf))
targets-build: $(TG_ALL)
