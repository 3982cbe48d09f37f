/* Upstream jsmn (Debian libjsmn-dev, /usr/include/jsmn.h) tokenizing a request and nothing else:
   the floor any jsmn-based handler pays before it looks at a single member. Compiled twice in
   its own translation unit, once as is and once with -DJSMN_STRICT, with BENCH_JSMN_FN naming
   the entry point of each copy; JSMN_STATIC keeps the two copies' jsmn functions apart. */
#define JSMN_STATIC
#include <jsmn.h>

#include "bench/bench.h"

/* As many tokens as customhdr's default CHDR_MAX_TOKENS, so both sides get the same room. */
static jsmntok_t tokens[BENCH_TOKENS];

int BENCH_JSMN_FN(const char *js, size_t len)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, tokens, BENCH_TOKENS);
}
