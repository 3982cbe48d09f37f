/* A program that uses customhdr the way a firmware project would, built against an installed or
   embedded copy by tests/test_packaging.sh. It prints the version it was compiled against and
   exits non-zero when the library does not behave as docs/behaviour.md section 3 says. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"

#include <stdio.h>
#include <string.h>

static const char axis_block[] =
    "X-Frame-Options: SAMEORIGIN\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'self'; object-src 'none'\r\n";

int main(void)
{
    static chdr_table table;
    static char out[CHDR_RESPONSE_MAX];
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    static const char req[] = "{\"method\":\"getSupportedVersions\"}";
    const char *block;
    size_t len, n;

    chdr_init(&table);
    if (chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK) {
        puts("install of the Axis defaults failed");
        return 1;
    }
    block = chdr_block(&table, &len);
    if (len != sizeof axis_block - 1 || memcmp(block, axis_block, len) != 0) {
        printf("unexpected block: %.*s\n", (int)len, block);
        return 1;
    }
    n = chdr_handle(&table, req, sizeof req - 1, out, sizeof out);
    if (n == 0 || n > sizeof out || !strstr(out, "\"apiVersions\"") || !strstr(out, "\"1.1\"")) {
        printf("unexpected getSupportedVersions answer: %.*s\n", (int)(n < sizeof out ? n : 0), out);
        return 1;
    }
    printf("customhdr %s ok\n", CHDR_VERSION);
    return 0;
}
