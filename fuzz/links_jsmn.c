/* links_jsmn.c - see links_jsmn.h. */
#define JSMN_STATIC
#define JSMN_PARENT_LINKS
#include "jsmn/jsmn.h"

#include "links_jsmn.h"

#define LINKS_MAX 4096

int links_jsmn_parse(const char *js, size_t len, links_tok *toks, unsigned n)
{
    static jsmntok_t t[LINKS_MAX];
    jsmn_parser p;
    jsmn_init(&p);
    if (n > LINKS_MAX) n = LINKS_MAX;
    int r = jsmn_parse(&p, js, len, t, n);
    for (int i = 0; i < r; i++) {
        toks[i].type = (int)t[i].type;
        toks[i].start = t[i].start;
        toks[i].end = t[i].end;
        toks[i].size = t[i].size;
        toks[i].parent = t[i].parent;
    }
    return r;
}
