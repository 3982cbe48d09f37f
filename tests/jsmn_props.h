/* The build of jsmn_props_impl.c. */
#include <stddef.h>
#ifndef PROPS_PREFIX
#define PROPS_DECLARE(prefix)                                                              \
    int prefix##_parse(const char *, size_t, jsmntok_t *, unsigned int, unsigned int *);    \
    int prefix##_resume(const char *, size_t, size_t, jsmntok_t *, unsigned int, unsigned int, \
                        int *);
PROPS_DECLARE(byte)
#endif
