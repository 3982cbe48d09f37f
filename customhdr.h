/* customhdr - v0.1.0 - the VAPIX(R) Custom HTTP header API (customhttpheader.cgi) for tiny firmware

   One header, no heap, no globals, no recursion. It parses the API's JSON requests with the bundled
   strict tokenizer (jsmn/jsmn.h), keeps a fixed-size table of custom response headers, writes JSON
   responses into caller buffers, and hands the web server the ready "Name: Value\r\n" block it
   appends to every response: a pointer and a length, no copy, no formatting per response.

   USAGE
     In exactly one C file:
         #define CUSTOMHDR_IMPLEMENTATION
         #include "customhdr.h"
     everywhere else just #include "customhdr.h". jsmn/jsmn.h must be reachable beside it.

         static chdr_table table;                         (about CHDR_STORAGE + 100 bytes)
         static char out[CHDR_RESPONSE_MAX];
         static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;

         chdr_init(&table);
         chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
         ... on POST /axis-cgi/customhttpheader.cgi:
         size_t n = chdr_handle(&table, body, body_len, out, sizeof out);
         ... on every response the server sends:
         size_t len; const char *block = chdr_block(&table, &len);   append block[0..len)

   CONFIGURATION (define before including; the values shown are the defaults)
     CHDR_MAX_HEADERS  16    headers in the table
     CHDR_STORAGE      2048  bytes of header names plus values, all headers together
     CHDR_NAME_MAX     64    bytes of one header name
     CHDR_VALUE_MAX    1024  bytes of one header value (after JSON escapes are decoded)
     CHDR_CONTEXT_MAX  256   bytes of the request's "context", as written in the request
     CHDR_MAX_TOKENS   64    JSON tokens of one request; they live on the stack in chdr_handle,
                             sizeof(jsmntok_t) (16 bytes) each
     CHDR_REQUEST_MAX  8192  bytes of one request body; larger bodies get error 1100
     CHDR_FORBIDDEN(name, len)   nonzero for a header name nobody may set; the default refuses
                             the framing and hop-by-hop headers of SPEC section 2
     CHDR_API          extern-by-default linkage of the public functions (e.g. `static`)

   The limits fix CHDR_RESPONSE_MAX, the largest response chdr_handle can produce, and
   CHDR_BLOB_MAX, the largest blob chdr_save can produce: size buffers with them statically.

   LICENSE: MIT, see the end of the file.
*/
#ifndef CUSTOMHDR_H
#define CUSTOMHDR_H

#define CHDR_VERSION "0.1.0"
#define CHDR_VERSION_NUM 100 /* major * 10000 + minor * 100 + patch */

#include <stddef.h>
#include <stdint.h>

#ifndef CHDR_MAX_HEADERS
#define CHDR_MAX_HEADERS 16
#endif
#ifndef CHDR_STORAGE
#define CHDR_STORAGE 2048
#endif
#ifndef CHDR_NAME_MAX
#define CHDR_NAME_MAX 64
#endif
#ifndef CHDR_VALUE_MAX
#define CHDR_VALUE_MAX 1024
#endif
#ifndef CHDR_CONTEXT_MAX
#define CHDR_CONTEXT_MAX 256
#endif
#ifndef CHDR_MAX_TOKENS
#define CHDR_MAX_TOKENS 64
#endif
#ifndef CHDR_REQUEST_MAX
#define CHDR_REQUEST_MAX 8192
#endif
#ifndef CHDR_API
#define CHDR_API
#endif

/* The block holds "Name: Value\r\n" per header: four bytes of framing beside name and value. */
#define CHDR_BLOCK_MAX (CHDR_STORAGE + 4 * CHDR_MAX_HEADERS)

/* Every response is made of fixed text (under 256 bytes with the longest error message), a
   header name quoted in a message, spans copied from the request (context, method, the echoed
   params: at most the request's own length, since re-escaping a decoded value never makes it
   longer than it was written), and, for list, the table with each value byte escaped at most
   twice over plus six bytes of quoting per header. */
#define CHDR_RESPONSE_MAX \
    (256 + CHDR_NAME_MAX + CHDR_REQUEST_MAX + 2 * CHDR_STORAGE + 6 * CHDR_MAX_HEADERS)

/* A saved table: a 12-byte head, the block, a 4-byte check code. */
#define CHDR_BLOB_MAX (12 + CHDR_BLOCK_MAX + 4)

#if CHDR_MAX_HEADERS < 1 || CHDR_MAX_HEADERS > 255 || CHDR_STORAGE > 60000
#error "customhdr: CHDR_MAX_HEADERS must be 1..255 and CHDR_STORAGE at most 60000"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The outcome of a call, with the API's own error numbers. */
enum {
    CHDR_OK = 0,
    CHDR_ERR_LIMIT = 1100,   /* internal error or a fixed limit reached (table or storage full) */
    CHDR_ERR_VERSION = 2100, /* apiVersion not supported */
    CHDR_ERR_SYNTAX = 2101,  /* not exactly one JSON object, or a duplicated top-level member */
    CHDR_ERR_METHOD = 2102,  /* no such method */
    CHDR_ERR_MISSING = 2103, /* a required member is missing */
    CHDR_ERR_INVALID = 2104  /* wrong type or invalid value */
};

/* Reasons chdr_load refuses a blob; chdr_load_reason() names them. */
enum {
    CHDR_LOAD_TRUNCATED = -1, /* shorter than its head says, or than any blob */
    CHDR_LOAD_MAGIC = -2,     /* not a customhdr blob */
    CHDR_LOAD_FORMAT = -3,    /* a format version this release cannot read */
    CHDR_LOAD_CHECK = -4,     /* check code mismatch: torn write or corruption */
    CHDR_LOAD_ENTRY = -5,     /* an entry breaks the rules of a header name or value */
    CHDR_LOAD_LIMIT = -6      /* more headers or bytes than this build's limits hold */
};

/* The table. A complete type so callers place it where they like; treat the members as
   private. block holds exactly the bytes chdr_block returns. */
typedef struct chdr_table {
    uint16_t used;     /* bytes of block in use */
    uint8_t count;     /* headers in the table */
    uint32_t changes;  /* bumped by every change, so firmware knows when to save */
    char block[CHDR_BLOCK_MAX];
} chdr_table;

/* A header for chdr_install and iteration. Strings need not be NUL-terminated for iteration
   results; chdr_install reads NUL-terminated ones. */
typedef struct chdr_pair {
    const char *name;
    const char *value;
} chdr_pair;

typedef struct chdr_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} chdr_header;

/* The AXIS OS 12 style pre-installed set, as an initializer:
       static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS; */
#define CHDR_AXIS_DEFAULTS                                                                   \
    {                                                                                        \
        {"X-Frame-Options", "SAMEORIGIN"}, {"X-Content-Type-Options", "nosniff"},            \
        {"Referrer-Policy", "strict-origin-when-cross-origin"},                              \
        {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'; object-src 'none'"} \
    }
#define CHDR_AXIS_DEFAULTS_COUNT 4

/* An empty table, no defaults. */
CHDR_API void chdr_init(chdr_table *t);

/* Handles one request body: writes the JSON response into out[0..cap) and returns its length.
   When the response needs more than cap bytes, returns the length it needs and leaves out
   untouched; the request is still carried out (set and remove are idempotent, so a retry with
   a larger buffer is safe). Never more than CHDR_RESPONSE_MAX. */
CHDR_API size_t chdr_handle(chdr_table *t, const char *req, size_t req_len, char *out, size_t cap);

/* The "Name: Value\r\n" block for every response, in table order; valid until the table next
   changes. *len may be 0. */
CHDR_API const char *chdr_block(const chdr_table *t, size_t *len);

/* Sets one header (replacing a case-insensitively equal name in place, taking the new
   spelling; else appending). Returns CHDR_OK, CHDR_ERR_INVALID (bad or forbidden name, bad
   value) or CHDR_ERR_LIMIT (table or storage full); on error the table is unchanged. */
CHDR_API int chdr_set(chdr_table *t, const char *name, size_t name_len, const char *value,
                      size_t value_len);

/* Removes a header if present. CHDR_OK whether or not it was there; CHDR_ERR_INVALID for a
   name that is no valid header name. */
CHDR_API int chdr_remove(chdr_table *t, const char *name, size_t name_len);

/* Looks a name up case-insensitively: 1 and the value when present, else 0. value and
   value_len may be NULL. Servers use it to drop their own header when a custom one replaces it. */
CHDR_API int chdr_find(const chdr_table *t, const char *name, size_t name_len, const char **value,
                       size_t *value_len);

/* Iteration in table order: start with pos = 0; each call fills *h and returns the position
   of the next header, or 0 when there is none left (and leaves *h alone).
       for (size_t p = 0; (p = chdr_next(t, p, &h)) != 0;) ... */
CHDR_API size_t chdr_next(const chdr_table *t, size_t pos, chdr_header *h);

/* Number of headers in the table. */
CHDR_API size_t chdr_count(const chdr_table *t);

/* Replaces the whole table with the n NUL-terminated pairs (a defaults list, a factory reset).
   All or nothing: on error the table is unchanged. */
CHDR_API int chdr_install(chdr_table *t, const chdr_pair *list, size_t n);

/* Counts every change to the table (wraps around); compare with the value at the last save. */
CHDR_API uint32_t chdr_changes(const chdr_table *t);

/* Persistence: see README.md for the blob format and the two-slot scheme.
   chdr_save writes the table as a blob tagged with seq into buf[0..cap) and returns its length;
   when that is more than cap it writes nothing. Never more than CHDR_BLOB_MAX. */
CHDR_API size_t chdr_save(const chdr_table *t, uint32_t seq, void *buf, size_t cap);

/* Replaces the table with a saved blob. CHDR_OK, or a CHDR_LOAD_* reason with the table
   unchanged. seq (may be NULL) receives the blob's sequence number. */
CHDR_API int chdr_load(chdr_table *t, const void *blob, size_t len, uint32_t *seq);

/* Two flash slots: loads the valid blob with the newer sequence number (serial-number
   arithmetic, so wrapping is fine). Returns 0 or 1 for the slot loaded, or the CHDR_LOAD_*
   reason of slot a when neither is valid (table unchanged). *seq gets the loaded sequence
   number; write the next save, with *seq + 1, to the other slot. */
CHDR_API int chdr_load_newest(chdr_table *t, const void *a, size_t a_len, const void *b,
                              size_t b_len, uint32_t *seq);

/* A short English phrase for a CHDR_LOAD_* reason. */
CHDR_API const char *chdr_load_reason(int reason);

#ifdef __cplusplus
}
#endif

#endif /* CUSTOMHDR_H */

#ifdef CUSTOMHDR_IMPLEMENTATION
#ifndef CUSTOMHDR_IMPLEMENTED
#define CUSTOMHDR_IMPLEMENTED

/* implementation follows */

#endif /* CUSTOMHDR_IMPLEMENTED */
#endif /* CUSTOMHDR_IMPLEMENTATION */

/*
MIT License

Copyright (c) 2026 the customhdr authors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
*/
