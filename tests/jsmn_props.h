/* The two builds of jsmn_props_impl.c (byte by byte, eight bytes at a time). */
#include <stddef.h>
#ifndef PROPS_PREFIX
#define PROPS_DECLARE(prefix)                                                              \
    int prefix##_parse(const char *, size_t, jsmntok_t *, unsigned int, unsigned int *);    \
    int prefix##_resume(const char *, size_t, size_t, jsmntok_t *, unsigned int, unsigned int, \
                        int *);
PROPS_DECLARE(swar)
PROPS_DECLARE(byte)
#endif
