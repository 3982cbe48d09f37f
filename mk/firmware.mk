# The firmware for real (examples/firmware/README.md): customhdr in lwIP's httpd on QEMU's
# mps2-an385 (Cortex-M3, LAN9118 Ethernet), served over QEMU's user network.
#   make firmware      build/firmware/customhdr-fw.elf; lwIP 2.1 comes from Debian's source
#                      package (`apt-get source lwip` into build/lwip-src, needs a deb-src line
#                      and dpkg-dev; nothing of lwIP is in the repository)
#   make firmware-run  boot it; http://127.0.0.1:$CUSTOMHDR_PORT/ (8080) reaches its port 80
#                      (CUSTOMHDR_USER, CUSTOMHDR_PASSWORD, CUSTOMHDR_STATE as for `make run`)
# Check firmware: tests/test_firmware.sh drives the booted image with curl and Chromium (SKIP
# without arm-none-eabi-gcc, qemu-system-arm, curl or the lwIP source).
CHECKS += firmware

.PHONY: firmware firmware-run lwip-src check-firmware

FW_B     := $(BUILD)/firmware
FW_ELF   := $(FW_B)/customhdr-fw.elf
FW_DIR   := examples/firmware
LWIP_SRC := $(BUILD)/lwip-src
LWIP_TOP := $(LWIP_SRC)/lwip
FW_CC    := arm-none-eabi-gcc
FW_SIZE  := arm-none-eabi-size
FW_ARCH  := -mcpu=cortex-m3 -mthumb
FW_CFLAGS := -std=c99 -Os -g -ffunction-sections -fdata-sections $(FW_ARCH)
FW_INC   := -I$(FW_DIR) -I. -Iexamples/lwip -isystem $(LWIP_TOP)/src/include
# what the firmware uses of lwIP: IPv4, ARP, ICMP, TCP, Ethernet, httpd and its fs.c
FW_LWIP  := core/init core/def core/inet_chksum core/ip core/mem core/memp core/netif core/pbuf \
            core/tcp core/tcp_in core/tcp_out core/timeouts core/ipv4/etharp core/ipv4/icmp \
            core/ipv4/ip4 core/ipv4/ip4_addr core/ipv4/ip4_frag netif/ethernet \
            apps/http/httpd apps/http/fs
FW_OWN   := main startup semihost lan9118
FW_OBJS  := $(FW_OWN:%=$(FW_B)/%.o) $(FW_B)/customhdr_lwip.o $(FW_LWIP:%=$(FW_B)/lwip/%.o)
FW_HDRS  := $(wildcard $(FW_DIR)/*.h $(FW_DIR)/arch/*.h) customhdr.h jsmn/jsmn.h \
            examples/lwip/customhdr_lwip.h examples/common/apidiscovery.h examples/common/csrf.h \
            examples/common/answers.h

# Debian's lwip source package, unpacked (patches applied) under a name of its own
lwip-src: $(LWIP_SRC)/.stamp
$(LWIP_SRC)/.stamp:
	@rm -rf $(LWIP_SRC) && mkdir -p $(LWIP_SRC)
	@cd $(LWIP_SRC) && apt-get source lwip >apt.log 2>&1 || \
	    { cat apt.log; echo "make firmware needs deb-src for lwip (a deb-src line for apt and dpkg-dev)"; exit 1; }
	@cd $(LWIP_SRC) && d=$$(ls -d lwip-*/ | head -1) && test -f "$${d}src/apps/http/httpd.c" && \
	    ln -sfn "$${d%/}" lwip && echo "lwIP source: $(LWIP_SRC)/$${d%/}"
	@touch $@

# lwIP is built as it comes, without our warning flags; its options are lwipopts.h's
$(FW_B)/lwip/%.o: $(FW_DIR)/lwipopts.h $(FW_DIR)/arch/cc.h $(FW_DIR)/fw_fsdata.c | $(LWIP_SRC)/.stamp
	@mkdir -p $(@D)
	$(FW_CC) $(FW_CFLAGS) $(FW_INC) -c $(LWIP_TOP)/src/$*.c -o $@

$(FW_B)/%.o: $(FW_DIR)/%.c $(FW_HDRS) | $(LWIP_SRC)/.stamp
	@mkdir -p $(@D)
	$(FW_CC) $(FW_CFLAGS) $(STRICT) $(FW_INC) -c $< -o $@

# the glue as it is, with the library's implementation in the same object (one tokenizer)
$(FW_B)/customhdr_lwip.o: examples/lwip/customhdr_lwip.c $(FW_HDRS) | $(LWIP_SRC)/.stamp
	@mkdir -p $(@D)
	$(FW_CC) $(FW_CFLAGS) $(STRICT) -DCUSTOMHDR_IMPLEMENTATION $(FW_INC) -c $< -o $@

firmware: $(FW_ELF)
$(FW_ELF): $(FW_OBJS) $(FW_DIR)/mps2.ld
	$(FW_CC) $(FW_ARCH) -nostartfiles --specs=nano.specs --specs=nosys.specs -T $(FW_DIR)/mps2.ld \
	    -Wl,--gc-sections -Wl,-Map=$(FW_B)/customhdr-fw.map $(FW_OBJS) -o $@
	$(FW_SIZE) $@

firmware-run: $(FW_ELF)
	@sh $(FW_DIR)/run.sh $(FW_ELF)

check-firmware:
	@sh tests/test_firmware.sh
