/* Upstream jsmn behind a symbol of our own (see jsmn_upstream.c). */
#include <stddef.h>
#define UPSTREAM_MAX_TOKENS 8192
#define UPSTREAM_INTS 5 /* type, start, end, size, parent (-2 without JSMN_PARENT_LINKS) */
/* out == NULL: counting mode. Returns what upstream's jsmn_parse returns. */
int upstream_parse(const char *js, size_t len, int *out, unsigned int cap);
