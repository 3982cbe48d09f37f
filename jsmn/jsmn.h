/* TEMPORARY shim while the strict tokenizer is written: upstream jsmn in strict mode. */
#define JSMN_STRICT
#define JSMN_STRICT_RFC8259 1
#include "/usr/include/jsmn.h"
