/* fuzz_handle_small - fuzz_handle.c built with tiny limits, so a full table, full storage, too
   many tokens, an over-long name, value, context or body are hit all the time instead of
   rarely. The limits still hold the Axis defaults, which the harness installs on a reset. */
#define CHDR_MAX_HEADERS 5
#define CHDR_STORAGE 220
#define CHDR_NAME_MAX 24
#define CHDR_VALUE_MAX 64
#define CHDR_CONTEXT_MAX 16
#define CHDR_MAX_TOKENS 24
#define CHDR_REQUEST_MAX 512
#include "fuzz_handle.c"
