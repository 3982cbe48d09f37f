/* The whole library as firmware builds it: one translation unit, public functions extern, so
   the size and stack figures cover everything and the benchmark calls it across a unit
   boundary like any caller would. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
