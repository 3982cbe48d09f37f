/* blob.c - one saved table, printed as hex: the four AXIS defaults and two headers more, saved
 * with sequence number 0x01020304 so that a byte-order slip shows. The targets check builds it
 * for x86-64, arm and mips (big-endian) and compares the three outputs, and holds the host's to
 * docs/behaviour.md section 4's format. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"

#include <stdio.h>

int main(void)
{
    static chdr_table t;
    static const chdr_pair table[] = {
        {"X-Frame-Options", "SAMEORIGIN"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "strict-origin-when-cross-origin"},
        {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'; object-src 'none'"},
        {"Access-Control-Allow-Origin", "https://example.com"},
        {"X-Tab", "a\tb"},
    };
    static unsigned char blob[CHDR_BLOB_MAX];
    size_t n, i;
    chdr_init(&t);
    if (chdr_install(&t, table, sizeof table / sizeof table[0]) != CHDR_OK) return 1;
    n = chdr_save(&t, 0x01020304u, blob, sizeof blob);
    if (n > sizeof blob) return 1;
    for (i = 0; i < n; i++) printf("%02x%s", blob[i], i % 32 == 31 || i + 1 == n ? "\n" : "");
    return fflush(stdout) == 0 ? 0 : 1;
}
