/* Entry points the benchmark drives, one translation unit each, so that no compiler inlines one
   side of a comparison into the measuring loop and not the other. */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>

#define BENCH_TOKENS 64

/* Upstream jsmn tokenizing only: the token count, or a negative JSMN_ERROR_*. */
int bench_jsmn_default(const char *js, size_t len);
int bench_jsmn_strict(const char *js, size_t len);
/* customhdr's own tokenizer, jsmn/jsmn.h, alone. */
int bench_jsmn_ours(const char *js, size_t len);

/* A straightforward cJSON implementation of the same API over a plain array table. */
typedef struct cj_table {
    int count;
    struct {
        char name[65];
        char value[1025];
    } h[16];
} cj_table;

void cj_init(cj_table *t);
int cj_add(cj_table *t, const char *name, const char *value);
/* Same contract as chdr_handle: the response length, written only when it fits cap. */
size_t cj_handle(cj_table *t, const char *req, size_t req_len, char *out, size_t cap);

#endif
