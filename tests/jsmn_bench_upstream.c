/* Upstream jsmn 1.1.0 (Debian libjsmn-dev), strict mode, for jsmn_bench: its own translation
 * unit, built as it is (third-party code), called through one function. */
#define JSMN_STRICT
#define JSMN_STATIC
#include <jsmn.h>

int bench_upstream(const char *js, size_t len, unsigned int cap);
int bench_upstream(const char *js, size_t len, unsigned int cap)
{
    static jsmntok_t t[256];
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, t, cap < 256 ? cap : 256);
}
