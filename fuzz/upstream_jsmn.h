/* upstream_jsmn.h - Debian's upstream jsmn (libjsmn-dev) behind a renamed function, for the
   differential check in fuzz_jsmn.c. Upstream and our jsmn/jsmn.h declare the same type names,
   so upstream lives alone in upstream_jsmn.c and speaks through this neutral token type. */
#ifndef FUZZ_UPSTREAM_JSMN_H
#define FUZZ_UPSTREAM_JSMN_H

#include <stddef.h>

typedef struct {
    int type; /* upstream's jsmntype_t values, which jsmn/jsmn.h shares */
    int start, end, size;
} up_tok;

/* jsmn_init + one jsmn_parse call in JSMN_STRICT mode; toks may be NULL (counting mode). */
int upstream_jsmn_parse(const char *js, size_t len, up_tok *toks, unsigned n);

#endif
