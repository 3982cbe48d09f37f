/* fuzz_handle_os - fuzz_handle.c built with -Os (mk/fuzz.mk adds it after -O1), as firmware
   builds it: the same code, another optimizer, so that undefined behaviour the optimizer would
   exploit differently at -Os shows up. Same oracle, same corpus (fuzz/corpus/handle_os is a
   link to fuzz/corpus/handle). */
#if defined(__OPTIMIZE__) && !defined(__OPTIMIZE_SIZE__)
#error "fuzz_handle_os must be built with -Os"
#endif
#include "fuzz_handle.c"
