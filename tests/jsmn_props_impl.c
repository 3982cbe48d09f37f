/* jsmn_props_impl.c - jsmn/jsmn.h behind names of its own, for jsmn_props.c, in a translation unit
 * of its own so that it can be built with other flags (libFuzzer's instrumentation). PROPS_PREFIX
 * (byte) prefixes this build's function names. */
#define JSMN_STATIC
#define JSMN_PARENT_LINKS
#include "jsmn/jsmn.h"

#include "tests/jsmn_props.h"

#define PROPS_CAT2(a, b) a##_##b
#define PROPS_CAT(a, b) PROPS_CAT2(a, b)
#define PROPS_NAME(x) PROPS_CAT(PROPS_PREFIX, x)

/* A fresh parse; *pos gets parser.pos. */
int PROPS_NAME(parse)(const char *js, size_t len, jsmntok_t *t, unsigned int n, unsigned int *pos)
{
    jsmn_parser p;
    int r;
    jsmn_init(&p);
    r = jsmn_parse(&p, js, len, t, n);
    *pos = p.pos;
    return r;
}

/* Parses js[0..cut) with n1 tokens, then, if that asked for more (PART or NOMEM), the whole
   js[0..len) with n2 tokens on the same parser and token array. *first gets the first answer. */
int PROPS_NAME(resume)(const char *js, size_t cut, size_t len, jsmntok_t *t, unsigned int n1,
                       unsigned int n2, int *first)
{
    jsmn_parser p;
    jsmn_init(&p);
    *first = jsmn_parse(&p, js, cut, t, n1);
    if (*first != JSMN_ERROR_PART && *first != JSMN_ERROR_NOMEM) return *first;
    return jsmn_parse(&p, js, len, t, n2);
}
