/* customhdr's own tokenizer (jsmn/jsmn.h) tokenizing a request and nothing else: the part of
   chdr_handle's cost that is tokenizing, measured on its own beside upstream jsmn. */
#define JSMN_STATIC
#include "jsmn/jsmn.h"

#include "bench/bench.h"

static jsmntok_t tokens[BENCH_TOKENS];

int bench_jsmn_ours(const char *js, size_t len)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, tokens, BENCH_TOKENS);
}
