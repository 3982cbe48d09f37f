/* Firmware that calls only part of the library, for size.sh's "what each part costs" table.
   Linked with --gc-sections against bench/library.c's object, so the image keeps exactly the
   code reachable from these calls. USES picks the parts:
     0  nothing of the library (the image's own start-up and mem*, subtracted as the baseline)
     1  serving: chdr_init, chdr_handle, chdr_block
     2  1 and the C API: chdr_set, chdr_remove, chdr_find, chdr_next, chdr_count, chdr_install,
        chdr_changes
     3  2 and persistence: chdr_save, chdr_load, chdr_load_newest
     4  3 and chdr_load_reason (its words are only for printing, so a firmware may leave it out)
   Every level calls the four mem* functions through volatile pointers, so they are in the
   baseline and not counted as the library's. */
#include <stddef.h>
#include "customhdr.h"

#ifndef USES
#define USES 4
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *(*volatile keep_memcpy)(void *, const void *, size_t) = memcpy;
void *(*volatile keep_memmove)(void *, const void *, size_t) = memmove;
void *(*volatile keep_memset)(void *, int, size_t) = memset;
int (*volatile keep_memcmp)(const void *, const void *, size_t) = memcmp;
volatile size_t sink;

#if USES >= 1
static chdr_table table;
static char out[512];
static const char request[] = "{\"apiVersion\":\"1.0\",\"method\":\"list\"}";
#endif
#if USES >= 2
static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
#endif
#if USES >= 3
static unsigned char blob[256];
#endif

void _start(void)
{
    sink = (size_t)keep_memcpy + (size_t)keep_memmove + (size_t)keep_memset + (size_t)keep_memcmp;
#if USES >= 1
    size_t len;
    chdr_init(&table);
    sink = chdr_handle(&table, request, sizeof request - 1, out, sizeof out);
    sink = (size_t)chdr_block(&table, &len) + len;
#endif
#if USES >= 2
    {
        chdr_header h;
        const char *v;
        sink = (size_t)chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
        sink = (size_t)chdr_set(&table, "X-A", 3, "b", 1);
        sink = (size_t)chdr_remove(&table, "X-A", 3);
        sink = (size_t)chdr_find(&table, "X-A", 3, &v, &len);
        sink = chdr_next(&table, 0, &h) + chdr_count(&table) + chdr_changes(&table);
    }
#endif
#if USES >= 3
    {
        uint32_t seq;
        sink = chdr_save(&table, 1, blob, sizeof blob);
        sink = (size_t)chdr_load(&table, blob, sizeof blob, &seq);
        sink = (size_t)chdr_load_newest(&table, blob, sizeof blob, blob, sizeof blob, &seq);
    }
#endif
#if USES >= 4
    sink = (size_t)chdr_load_reason(-1);
#endif
    for (;;) {
    }
}
