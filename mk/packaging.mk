# packaging: `make install` / `make uninstall` (headers + pkg-config file), the integration
# examples (`make microhttpd`, `make lwip-example`) and their checks.

PREFIX       ?= /usr/local
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(PREFIX)/share/pkgconfig
DESTDIR      ?=
INSTALL      ?= install
# With the default INCLUDEDIR the .pc file says ${prefix}/include, like CMake's does.
PC_INCLUDEDIR = $(if $(filter $(PREFIX)/include,$(INCLUDEDIR)),$${prefix}/include,$(INCLUDEDIR))
CHDR_VERSION_STR := $(shell sed -n 's/^\#define CHDR_VERSION "\([0-9.]*\)".*/\1/p' customhdr.h)

.PHONY: install uninstall microhttpd lwip-example check-packaging check-microhttpd check-lwip

# Headers under $(INCLUDEDIR)/customhdr/ keep jsmn/ beside customhdr.h, which includes it by a
# relative path; the directory also keeps our jsmn away from any system jsmn.h.
install:
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)/customhdr/jsmn $(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL) -m 644 customhdr.h $(DESTDIR)$(INCLUDEDIR)/customhdr/customhdr.h
	$(INSTALL) -m 644 jsmn/jsmn.h $(DESTDIR)$(INCLUDEDIR)/customhdr/jsmn/jsmn.h
	sed -e 's|@prefix@|$(PREFIX)|' -e 's|@includedir@|$(PC_INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(CHDR_VERSION_STR)|' customhdr.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/customhdr.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/customhdr.pc

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/customhdr/customhdr.h $(DESTDIR)$(INCLUDEDIR)/customhdr/jsmn/jsmn.h
	-rmdir $(DESTDIR)$(INCLUDEDIR)/customhdr/jsmn $(DESTDIR)$(INCLUDEDIR)/customhdr 2>/dev/null
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/customhdr.pc

# --- GNU libmicrohttpd example: a running server (Debian libmicrohttpd-dev) ---
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS   := $(or $(shell pkg-config --libs libmicrohttpd 2>/dev/null),-lmicrohttpd)

microhttpd: $(BUILD)/microhttpd/customhdr-mhd

$(BUILD)/microhttpd/customhdr-mhd: examples/microhttpd/server.c customhdr.h jsmn/jsmn.h \
		examples/common/apidiscovery.h examples/common/csrf.h examples/common/answers.h
	@mkdir -p $(@D)
	$(CC) -std=c99 $(CFLAGS) $(STRICT) $(CPPFLAGS) $(MHD_CFLAGS) $< -o $@ $(MHD_LIBS) -pthread

# The check runs this one: the same server under ASan/UBSan.
$(BUILD)/microhttpd/customhdr-mhd-san: examples/microhttpd/server.c customhdr.h jsmn/jsmn.h \
		examples/common/apidiscovery.h examples/common/csrf.h examples/common/answers.h
	@mkdir -p $(@D)
	$(CC) -std=c99 -g -O1 $(STRICT) $(SAN) $(CPPFLAGS) $(MHD_CFLAGS) $< -o $@ $(MHD_LIBS) -pthread

# --- lwIP httpd integration: compiled against Debian's liblwip-dev headers, not linked ---
LWIP_INC := $(or $(patsubst -I%,%,$(filter -I%,$(shell pkg-config --cflags lwip 2>/dev/null))),/usr/include/lwip)
LWIP_FLAGS = -std=c99 $(STRICT) $(CPPFLAGS) -Iexamples/lwip/port -isystem $(LWIP_INC)

# gcc always; clang when it is installed (tests/pkg_lwip.sh says SKIP when it is not)
lwip-example: $(BUILD)/lwip/customhdr_lwip.gcc.o $(if $(call have,$(CLANG)),$(BUILD)/lwip/customhdr_lwip.clang.o)

$(BUILD)/lwip/customhdr_lwip.gcc.o: examples/lwip/customhdr_lwip.c examples/lwip/customhdr_lwip.h \
		examples/lwip/port/lwipopts.h examples/lwip/port/arch/cc.h customhdr.h \
		examples/common/apidiscovery.h examples/common/csrf.h examples/common/answers.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LWIP_FLAGS) -c $< -o $@

$(BUILD)/lwip/customhdr_lwip.clang.o: examples/lwip/customhdr_lwip.c examples/lwip/customhdr_lwip.h \
		examples/lwip/port/lwipopts.h examples/lwip/port/arch/cc.h customhdr.h \
		examples/common/apidiscovery.h examples/common/csrf.h examples/common/answers.h
	@mkdir -p $(@D)
	$(CLANG) $(CFLAGS) $(LWIP_FLAGS) -c $< -o $@

CHECKS += packaging microhttpd lwip

check-packaging:
	@sh tests/test_packaging.sh

check-microhttpd:
	@sh tests/test_microhttpd.sh

check-lwip:
	@sh tests/pkg_lwip.sh
