/* upstream_jsmn.c - see upstream_jsmn.h. Compiled on its own: the include below must find
   /usr/include/jsmn.h, never the project's jsmn/jsmn.h. */
#define JSMN_STRICT
#define JSMN_STATIC
#include <jsmn.h>

#include "upstream_jsmn.h"

#define UP_MAX 4096

int upstream_jsmn_parse(const char *js, size_t len, up_tok *toks, unsigned n)
{
    static jsmntok_t t[UP_MAX];
    jsmn_parser p;
    jsmn_init(&p);
    if (toks == NULL) return jsmn_parse(&p, js, len, NULL, 0);
    if (n > UP_MAX) n = UP_MAX;
    int r = jsmn_parse(&p, js, len, t, n);
    for (int i = 0; i < r; i++) {
        toks[i].type = (int)t[i].type;
        toks[i].start = t[i].start;
        toks[i].end = t[i].end;
        toks[i].size = t[i].size;
    }
    return r;
}
