# The examples people run first (see examples/README.md):
#   make cgi     build/customhttpheader.cgi, the CGI/1.1 program for an existing web server
#   make run     build and start the demo server (CUSTOMHDR_PORT, CUSTOMHDR_STATE, CUSTOMHDR_USER,
#                CUSTOMHDR_PASSWORD; loopback only)
#   make server  build it only: build/examples/customhdr-server
#   make civetweb  build/examples/customhdr-civetweb (needs libcivetweb-dev)
#   make soak    30 s of wrk against the demo server while headers change (a benchmark, not a test)
# Checks: cgi, server, admin (these three run ASan+UBSan builds), lighttpd, civetweb, browser,
# http-parse.
CHECKS += cgi server admin lighttpd civetweb browser

.PHONY: cgi server run civetweb soak examples-san check-cgi check-server check-lighttpd \
        check-civetweb check-browser check-admin

EX_B     := $(BUILD)/examples
EX_CFLAGS := -std=c99 -O2 -g $(STRICT)
EX_INC   := -I. -Iexamples/common -Iexamples/server
EX_LIB   := mk/examples.mk customhdr.h jsmn/jsmn.h examples/common/statefile.h examples/common/statefile.c \
            examples/common/apidiscovery.h examples/common/csrf.h examples/common/answers.h
EX_SRV   := examples/server/server.c examples/server/http_parse.c examples/server/http_parse.h \
            examples/server/digest.c examples/server/digest.h $(EX_B)/assets.c
EX_ASSETS := examples/server/admin.html examples/server/admin.css examples/server/admin.js

$(EX_B)/.dir:
	@mkdir -p $(@D) && touch $@

cgi: $(BUILD)/customhttpheader.cgi
$(BUILD)/customhttpheader.cgi: examples/cgi/customhttpheader.c $(EX_LIB) | $(EX_B)/.dir
	$(CC) $(EX_CFLAGS) $(EX_INC) examples/cgi/customhttpheader.c examples/common/statefile.c -o $@

$(EX_B)/assets.c: examples/server/embed.sh $(EX_ASSETS) | $(EX_B)/.dir
	sh examples/server/embed.sh $(EX_ASSETS) >$@.tmp && mv $@.tmp $@

server: $(EX_B)/customhdr-server
$(EX_B)/customhdr-server: $(EX_SRV) $(EX_LIB)
	$(CC) $(EX_CFLAGS) $(EX_INC) examples/server/server.c examples/server/http_parse.c \
	    examples/server/digest.c examples/common/statefile.c $(EX_B)/assets.c -o $@

run: $(EX_B)/customhdr-server
	$(EX_B)/customhdr-server

# Sanitizer builds the checks run, so hostile input that reaches a memory error fails loudly.
examples-san: $(EX_B)/customhttpheader-san.cgi $(EX_B)/customhdr-server-san
$(EX_B)/customhttpheader-san.cgi: examples/cgi/customhttpheader.c $(EX_LIB) | $(EX_B)/.dir
	$(CC) -std=c99 -O1 -g $(STRICT) $(SAN) -DCGI_BODY_TIMEOUT_MS=2000 $(EX_INC) examples/cgi/customhttpheader.c \
	    examples/common/statefile.c -o $@
$(EX_B)/customhdr-server-san: $(EX_SRV) $(EX_LIB)
	$(CC) -std=c99 -O1 -g $(STRICT) $(SAN) $(EX_INC) examples/server/server.c \
	    examples/server/http_parse.c examples/server/digest.c examples/common/statefile.c \
	    $(EX_B)/assets.c -o $@

civetweb: $(EX_B)/customhdr-civetweb
$(EX_B)/customhdr-civetweb: examples/civetweb/server.c examples/server/digest.c examples/server/digest.h \
		$(EX_LIB) | $(EX_B)/.dir
	$(CC) $(EX_CFLAGS) $(EX_INC) examples/civetweb/server.c examples/common/statefile.c \
	    examples/server/digest.c -o $@ -lcivetweb -lpthread

soak: $(EX_B)/customhdr-server
	@nice -n 10 sh examples/server/soak.sh $(EX_B)/customhdr-server

check-cgi:
	@sh tests/test_cgi.sh
check-server:
	@sh tests/test_server.sh
check-lighttpd:
	@sh tests/test_lighttpd.sh
check-civetweb:
	@sh tests/test_civetweb.sh
check-browser:
	@sh tests/test_browser.sh
check-admin:
	@sh tests/test_admin.sh

# the request parser and the Digest code on their own, rule by rule, under ASan+UBSan
CHECKS += http-parse digest
.PHONY: check-http-parse check-digest
$(EX_B)/test_http_parse: tests/test_http_parse.c examples/server/http_parse.c examples/server/http_parse.h tests/tinytest.h | $(EX_B)/.dir
	$(CC) -std=c99 -O1 -g $(STRICT) $(SAN) -Iexamples/server -Itests tests/test_http_parse.c \
	    examples/server/http_parse.c -o $@
check-http-parse: $(EX_B)/test_http_parse
	@$(EX_B)/test_http_parse
$(EX_B)/test_digest: tests/test_digest.c examples/server/digest.c examples/server/digest.h tests/tinytest.h | $(EX_B)/.dir
	$(CC) -std=c99 -O1 -g $(STRICT) $(SAN) -Iexamples/server -Itests tests/test_digest.c \
	    examples/server/digest.c -o $@
check-digest: $(EX_B)/test_digest
	@$(EX_B)/test_digest

# headless Chromium: another site's form and fetch() are refused and change nothing, the admin
# page's origin works, a credentialed CORS grant lets that origin in (SKIP without chromium)
CHECKS += browser-csrf
.PHONY: check-browser-csrf
check-browser-csrf:
	@sh tests/test_browser_csrf.sh

# the lwIP glue's API Discovery and cross-site refusal through httpd's callbacks (real lwIP
# headers, gcc and clang, ASan+UBSan; SKIP without liblwip-dev)
CHECKS += lwip-web
.PHONY: check-lwip-web
check-lwip-web:
	@sh tests/test_lwip_web.sh

# API Discovery and the cross-site decision (examples/common) on their own, under ASan+UBSan
CHECKS += web-common
.PHONY: check-web-common
$(EX_B)/test_web_common: tests/test_web_common.c examples/common/apidiscovery.h examples/common/csrf.h examples/common/answers.h \
		customhdr.h jsmn/jsmn.h tests/tinytest.h | $(EX_B)/.dir
	$(CC) -std=c99 -O1 -g $(STRICT) $(SAN) -I. -Iexamples/common -Itests tests/test_web_common.c -o $@
check-web-common: $(EX_B)/test_web_common
	@$(EX_B)/test_web_common

# one voice: the same bad requests to every example this machine can start (demo server, CGI
# directly and behind lighttpd, civetweb, libmicrohttpd, the lwIP glue), each held to the same
# status and JSON answer; an example whose package is missing is skipped
CHECKS += voice
.PHONY: check-voice
check-voice:
	@sh tests/test_voice.sh
