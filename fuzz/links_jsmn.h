/* links_jsmn.h - our jsmn/jsmn.h built with JSMN_PARENT_LINKS, in its own translation unit
   (links_jsmn.c) so fuzz_jsmn.c can run both configurations on every input. */
#ifndef FUZZ_LINKS_JSMN_H
#define FUZZ_LINKS_JSMN_H

#include <stddef.h>

typedef struct {
    int type, start, end, size, parent;
} links_tok;

/* jsmn_init + one jsmn_parse call; returns its result and copies the tokens out. */
int links_jsmn_parse(const char *js, size_t len, links_tok *toks, unsigned n);

#endif
