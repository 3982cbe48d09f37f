/* fuzz_handle_os - fuzz_handle.c built with -Os (mk/fuzz.mk adds it after -O1), so that the
   size paths run: CHDR__SPEED and JSMN_SWAR are 0, as in a Cortex-M firmware build. The speed
   builds read names eight bytes at a time and take plain values without decoding; this one
   goes byte by byte everywhere. Same oracle, same corpus (fuzz/corpus/handle_os is a link to
   fuzz/corpus/handle). */
#if defined(__OPTIMIZE__) && !defined(__OPTIMIZE_SIZE__)
#error "fuzz_handle_os must be built with -Os"
#endif
#include "fuzz_handle.c"
