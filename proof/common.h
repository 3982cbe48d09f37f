/* What every customhdr harness shares: Frama-C's builtins for unknown values, the C library's
   mem* (Frama-C's libc specifies them, the gcc builtins it does not know), and a token array
   of PROOF_N + 1 entries (see README.md: jsmn_parse's parent index). */
#ifndef PROOF_COMMON_H
#define PROOF_COMMON_H
#include "__fc_builtin.h"
#include <string.h>

#ifndef PROOF_N
#define PROOF_N 64
#endif
#define CHDR_MEMCPY memcpy
#define CHDR_MEMSET memset
#define CHDR_MEMCMP memcmp
#define CHDR_MAX_TOKENS (PROOF_N + 1)
#define JSMN_PROOF_TOKENS CHDR_MAX_TOKENS
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"

/* The table a harness starts from: empty, or (PROOF_DEFAULTS) the four AXIS defaults. */
static void proof_table(chdr_table *t)
{
    chdr_init(t);
#ifdef PROOF_DEFAULTS
    {
        static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
        chdr_install(t, defaults, CHDR_AXIS_DEFAULTS_COUNT);
    }
#endif
}

/* An out buffer: the array area, holding any bytes, and a capacity cap of anything up to its
   size. The writers (chdr__emit, chdr_save) are proven by WP to write only [0, cap) of a buffer
   of cap bytes; EVA proves that every call passes one (README.md, "Out buffers"). */
#define PROOF_BUFFER(area, cap)                                                                 \
    (Frama_C_make_unknown(area, sizeof area), (cap) = Frama_C_size_t_interval(0, sizeof area), \
     area)
#endif
