/* jsmn_upstream.c - Debian's upstream jsmn 1.1.0 (libjsmn-dev) in strict mode, in a translation
 * unit of its own so its symbols cannot meet ours; tokens go out as plain ints. */
#define JSMN_STRICT
#define JSMN_STATIC
#include <jsmn.h>

#include "tests/jsmn_upstream.h"

int upstream_parse(const char *js, size_t len, int *out, unsigned int cap)
{
    static jsmntok_t t[UPSTREAM_MAX_TOKENS];
    jsmn_parser p;
    int r, k;
    if (cap > UPSTREAM_MAX_TOKENS) cap = UPSTREAM_MAX_TOKENS;
    jsmn_init(&p);
    r = jsmn_parse(&p, js, len, out ? t : NULL, cap);
    for (k = 0; out && k < r; k++) {
        out[UPSTREAM_INTS * k + 0] = (int)t[k].type;
        out[UPSTREAM_INTS * k + 1] = t[k].start;
        out[UPSTREAM_INTS * k + 2] = t[k].end;
        out[UPSTREAM_INTS * k + 3] = t[k].size;
#ifdef JSMN_PARENT_LINKS
        out[UPSTREAM_INTS * k + 4] = t[k].parent;
#else
        out[UPSTREAM_INTS * k + 4] = -2;
#endif
    }
    return r;
}
