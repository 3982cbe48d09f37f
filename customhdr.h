/* customhdr - v0.1.5 - the VAPIX(R) Custom HTTP header API (customhttpheader.cgi) for tiny firmware

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
     CHDR_SSE2         1 when optimizing for speed (not -Os) on x86-64: names and request
                       strings are read sixteen bytes at a time; 0 reads them eight at a time
                       (64-bit little-endian, see JSMN_SWAR) or byte by byte. Same answers.

   The limits fix CHDR_RESPONSE_MAX, the largest response chdr_handle can produce, and
   CHDR_BLOB_MAX, the largest blob chdr_save can produce: size buffers with them statically.

   LICENSE: MIT, see the end of the file.
*/
#ifndef CUSTOMHDR_H
#define CUSTOMHDR_H

#define CHDR_VERSION "0.1.5"
#define CHDR_VERSION_NUM 105 /* major * 10000 + minor * 100 + patch */

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

#if CHDR_MAX_HEADERS < 1 || CHDR_MAX_HEADERS > 255 || CHDR_STORAGE > 60000 || \
    CHDR_NAME_MAX < 1 || CHDR_NAME_MAX > 255 || CHDR_REQUEST_MAX > 0x7fffffff
#error "customhdr: limits out of range (headers 1..255, storage <= 60000, names 1..255 bytes)"
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
   private. block holds exactly the bytes chdr_block returns; end and name_len index its lines
   so lookups compare names without scanning for line ends. */
typedef struct chdr_table {
    uint32_t changes;                    /* bumped by every change, so firmware knows when to save */
    uint16_t used;                       /* bytes of block in use */
    uint8_t count;                       /* headers in the table */
    uint8_t name_len[CHDR_MAX_HEADERS];  /* header i's name starts its line */
    uint16_t end[CHDR_MAX_HEADERS];      /* header i's line ends at end[i], starts at end[i - 1] */
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

/* The entry a server lists for this API in Axis' API Discovery service
   (POST /axis-cgi/apidiscovery.cgi, method getApiList): id, newest version and name. */
#define CHDR_API_ID "customhttpheader"
#define CHDR_API_VERSION "1.1"
#define CHDR_API_NAME "Custom HTTP header"

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

/* memcpy, memmove, memset and memcmp are all it takes from the C library. gcc and clang get them
   through builtins, so no libc header is needed in a freestanding build; any compiler can be
   pointed at its own with CHDR_MEMCPY and friends. */
#ifndef CHDR_MEMCPY
#if defined(__GNUC__) || defined(__clang__)
#define CHDR_MEMCPY __builtin_memcpy
#define CHDR_MEMMOVE __builtin_memmove
#define CHDR_MEMSET __builtin_memset
#define CHDR_MEMCMP __builtin_memcmp
#else
#include <string.h>
#define CHDR_MEMCPY memcpy
#define CHDR_MEMMOVE memmove
#define CHDR_MEMSET memset
#define CHDR_MEMCMP memcmp
#endif
#endif

#ifndef JSMN_STATIC
#define JSMN_STATIC
#endif
#include "jsmn/jsmn.h"
#ifndef JSMN_STRICT_RFC8259
#error "customhdr needs the bundled strict jsmn/jsmn.h; include customhdr.h before any other jsmn.h"
#endif

/* ---- bytes and validation ---------------------------------------------------------------- */

/* Speed builds inline the quick rejections at their call sites and unroll a few lookups; size
   builds keep one copy and loop. Both give the same answers, and the tests run both. */
#if defined(__GNUC__) && !defined(__OPTIMIZE_SIZE__)
#define CHDR__SPEED 1
#define CHDR__HOT __inline__ __attribute__((always_inline))
#define CHDR__ONE_COPY
#elif defined(__GNUC__)
#define CHDR__SPEED 0
#define CHDR__HOT
#define CHDR__ONE_COPY __attribute__((noinline)) /* -Os would copy it into each caller */
#else
#define CHDR__SPEED 0
#define CHDR__HOT
#define CHDR__ONE_COPY
#endif

/* Speed builds on x86-64 look at sixteen bytes at a time where eight-byte words would
   (CHDR_SSE2 0 keeps the eight-byte way, which the tests build too). */
#ifndef CHDR_SSE2
#if CHDR__SPEED && JSMN_SWAR && defined(__SSE2__)
#define CHDR_SSE2 1
#else
#define CHDR_SSE2 0
#endif
#endif
#if CHDR_SSE2
typedef signed char chdr__v16 __attribute__((vector_size(16)));
/* One bit per byte of a comparison's result, the first byte lowest. */
#define CHDR__BITS(v) ((unsigned)__builtin_ia32_pmovmskb128(v))
#endif

/* A run of bytes, JSON-escaped (as written in a request) or raw (the table, the C API). */
typedef struct chdr__str {
    const char *s;
    size_t n;
    int json;
} chdr__str;

/* The hex digits s[k..e); by value, so that no caller's index has to live in memory. */
static uint32_t chdr__hex4(const char *s, size_t k, size_t e)
{
    uint32_t c = 0;
    for (; k < e; k++) {
        uint32_t h = (unsigned char)s[k];
        c = c * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return c;
}

/* Reads one character at x->s[*i] and moves past it. Raw text yields bytes; JSON text yields
   code points, whether written as UTF-8, as an escape or as an escaped surrogate pair, so that
   names compare as RFC 8259 section 8.3 says. The tokenizer has checked the escapes and the
   UTF-8; the bounds here only keep a bad caller inside x. */
static uint32_t chdr__decode(const chdr__str *x, size_t *i)
{
    size_t k = *i + 1;
    uint32_t c = (unsigned char)x->s[*i];
    if (c >= 0xc0) {
        unsigned more = c >= 0xf0 ? 3u : c >= 0xe0 ? 2u : 1u;
        for (c &= 0x3fu >> more; more && k < x->n; more--)
            c = c << 6 | ((unsigned char)x->s[k++] & 0x3fu);
    } else if (c == '\\' && k < x->n) {
        c = (unsigned char)x->s[k++];
        if (c == 'u') {
            size_t e = k + 4 < x->n ? k + 4 : x->n;
            c = chdr__hex4(x->s, k, e);
            k = e;
            if (c - 0xd800 < 0x400 && k + 6 <= x->n && x->s[k] == '\\' && x->s[k + 1] == 'u') {
                uint32_t low = chdr__hex4(x->s, k + 2, k + 6);
                if (low - 0xdc00 < 0x400) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                    k += 6;
                }
            }
        } else if (c == 'b') c = '\b';
        else if (c == 'f') c = '\f';
        else if (c == 'n') c = '\n';
        else if (c == 'r') c = '\r';
        else if (c == 't') c = '\t';
    }
    *i = k;
    return c;
}

/* The common case, a plain byte, stays inline; escapes and UTF-8 take the call. */
static uint32_t chdr__unit(const chdr__str *x, size_t *i)
{
    uint32_t c = (unsigned char)x->s[*i];
    if (x->json && (c == '\\' || c >= 0x80)) return chdr__decode(x, i);
    ++*i;
    return c;
}

static uint32_t chdr__lower(uint32_t c) { return c - 'A' < 26u ? c + 32 : c; }

/* Same text after decoding, optionally ignoring ASCII case (header names). Raw text compared
   with JSON text is always plain ASCII without backslashes (a literal, a table name, a decoded
   name), and decoding only ever shortens; so against raw text of its own length JSON text can
   match only byte for byte, and a shorter JSON text cannot match at all. */
static int chdr__same_slow(const chdr__str *a, const chdr__str *b, int fold)
{
    size_t i = 0, j = 0;
    if (a->n == b->n) {
        if (!CHDR_MEMCMP(a->s, b->s, a->n)) return 1;
        for (; i < a->n; i++) {
            unsigned x = (unsigned char)a->s[i], y = (unsigned char)b->s[i];
            if (x != y && !(fold && (x ^ y) == 0x20 && (x | 0x20) - 'a' < 26u)) break;
        }
        if (i == a->n) return 1;
        if (!a->json || !b->json) return 0;
        i = 0;
    } else if (!a->json || !b->json) {
        const chdr__str *raw = a->json ? b : a, *text = a->json ? a : b;
        if (!text->json || text->n < raw->n) return 0;
    }
    while (i < a->n && j < b->n) {
        uint32_t x = chdr__unit(a, &i), y = chdr__unit(b, &j);
        if (x != y && (!fold || chdr__lower(x) != chdr__lower(y))) return 0;
    }
    return i == a->n && j == b->n;
}

/* Names that differ mostly differ in their first byte: settle that without the call, unless
   the byte may start an escape or a UTF-8 sequence. */
static CHDR__HOT int chdr__same(const chdr__str *a, const chdr__str *b, int fold)
{
    if (a->n && b->n) {
        uint32_t x = (unsigned char)a->s[0], y = (unsigned char)b->s[0];
        if (x != y && x != '\\' && y != '\\' && (x | y) < 0x80 &&
            !(fold && (x ^ y) == 0x20 && (x | 0x20) - 'a' < 26u))
            return 0;
    }
    return chdr__same_slow(a, b, fold);
}

/* Whether two raw names are the same, ASCII case ignored: the table's, the forbidden list's
   and a decoded request's. Most that match are spelt alike, so memcmp goes first. */
static int chdr__ieq(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;
    if (an != bn) return 0;
    if (!CHDR_MEMCMP(a, b, an)) return 1;
    for (i = 0; i < an; i++) {
        uint32_t x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y && !((x ^ y) == 0x20 && (x | 0x20) - 'a' < 26u)) return 0;
    }
    return 1;
}

static int chdr__is_tchar(uint32_t c)
{
    /* RFC 9110 tchar: ALPHA DIGIT and !#$%&'*+-.^_`|~. Speed builds keep a byte per code for
       all 256 byte values (the rest zero): every name byte the eight-at-a-time scan leaves
       passes here, and one load with no range test is the cheapest test. Size builds keep a
       bit per ASCII code (bit c % 32 of word c / 32), 16 bytes instead of 256. */
#if CHDR__SPEED
    static const unsigned char tchar[256] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
        0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,  /* 0x20 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,  /* 0x30 */
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,  /* 0x50 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,  /* 0x70 */
    };
    return c < sizeof tchar && tchar[c];
#else
    static const uint32_t tchar[4] = {0x00000000u, 0x03ff6cfau, 0xc7fffffeu, 0x57ffffffu};
    return c < 128 && (tchar[c >> 5] >> (c & 31) & 1u);
#endif
}

/* How many bytes at the start of s[0..n) are tchars. */
static CHDR__HOT size_t chdr__tchar_run(const char *s, size_t n)
{
    size_t i = 0;
#if CHDR_SSE2
    /* Names are mostly letters, digits and '-': sixteen such bytes at a time, the last block
       overlapping the one before it (its first bytes are known to pass). Any other byte ends
       the fast part. Signed bytes: those from 0x80 on are negative and in no range. */
    if (n >= 16) {
        for (;;) {
            size_t at = n - i >= 16 ? i : n - 16;
            chdr__v16 v, l;
            unsigned out;
            __builtin_memcpy(&v, s + at, 16);
            l = v | 0x20; /* letters to lower case; nothing else lands in a..z */
            out = ~CHDR__BITS(((l >= 'a') & (l <= 'z')) | ((v >= '0') & (v <= '9')) | (v == '-')) &
                  0xffffu;
            if (out) {
                i = at + (size_t)__builtin_ctz(out);
                break;
            }
            if (at + 16 == n) return n;
            i = at + 16;
        }
    }
#elif JSMN_SWAR
    /* Names are mostly letters, digits and '-': eight such bytes at a time. Each range test
       adds to bytes below 0x80 without carrying into the next byte; the top bit of a byte of
       in is set when it lies in one of the ranges. Any other byte ends the fast part. */
    const unsigned long long ones = 0x0101010101010101ull, top = 0x8080808080808080ull;
    for (; n - i >= 8; i += 8) {
        unsigned long long w, l, in, d, out;
        __builtin_memcpy(&w, s + i, 8);
        if (w & top) break;
        l = w | 0x20 * ones; /* letters to lower case; nothing else lands in a..z */
        in = (l + (0x80 - 'a') * ones) & ~(l + (0x7f - 'z') * ones);
        in |= (w + (0x80 - '0') * ones) & ~(w + (0x7f - '9') * ones);
        d = w ^ '-' * ones;
        in |= ~(d + 0x7f * ones); /* a byte of d is 0 only where w held '-' */
        out = ~in & top;
        if (out) {
            i += (size_t)(__builtin_ctzll(out) >> 3);
            break;
        }
    }
#endif
    while (i < n && chdr__is_tchar((unsigned char)s[i])) i++;
    return i;
}

/* Why a request fails: first why a header in params was refused (the response names it), then
   the rest in SPEC's order of reporting. chdr__errors holds each one's code, member and words. */
enum {
    CHDR__NAME_CHAR = 1, CHDR__NAME_EMPTY, CHDR__NAME_LONG, CHDR__FORBIDDEN, CHDR__VALUE_TYPE,
    CHDR__VALUE_CHAR, CHDR__VALUE_EDGE, CHDR__VALUE_LONG, CHDR__DUPLICATE, CHDR__FULL_COUNT,
    CHDR__FULL_BYTES,
    CHDR__BODY_LARGE, CHDR__BODY_SYNTAX, CHDR__BODY_TOKENS, CHDR__BODY_OBJECT, CHDR__BODY_TWICE,
    CHDR__METHOD_MISSING, CHDR__METHOD_TYPE, CHDR__METHOD_UNKNOWN, CHDR__VERSION_MISSING,
    CHDR__VERSION_TYPE, CHDR__VERSION_UNSUPPORTED, CHDR__CONTEXT_TYPE, CHDR__CONTEXT_LONG,
    CHDR__PARAMS_MISSING, CHDR__PARAMS_TYPE, CHDR__PARAMS_EMPTY
};

/* chdr__check_name's slow way, for a name with a bad byte, an escape or UTF-8 within its first
   CHDR_NAME_MAX bytes: decoded into buf, checked in order. */
static int chdr__decode_name(const chdr__str *x, char *buf, chdr__str *out)
{
    /* locals, since stores through buf may alias anything a pointer reaches */
    const char *s = x->s;
    size_t i = 0, n = 0, end = x->n;
    int json = x->json;
    out->s = buf;
    while (i < end) {
        uint32_t c = (unsigned char)s[i];
        if (json && (c == '\\' || c >= 0x80)) {
            size_t k = i;
            c = chdr__decode(x, &k);
            i = k;
        } else {
            i++;
        }
        if (!chdr__is_tchar(c)) return CHDR__NAME_CHAR;
        if (n == CHDR_NAME_MAX) return CHDR__NAME_LONG;
        buf[n++] = (char)c;
    }
    out->n = n;
    return 0;
}

/* Checks that a header name is a token that fits, giving it decoded in *out: where it stands
   when it holds no escape or UTF-8 (the usual case, no copy), else decoded into buf
   (CHDR_NAME_MAX bytes). */
static CHDR__HOT int chdr__check_name(const chdr__str *x, char *buf, chdr__str *out)
{
    size_t i = chdr__tchar_run(x->s, x->n);
    out->s = x->s;
    out->n = i;
    out->json = 0;
    if (i > CHDR_NAME_MAX) return CHDR__NAME_LONG;
    if (i == x->n) return i ? 0 : CHDR__NAME_EMPTY;
    return chdr__decode_name(x, buf, out);
}

/* A value is visible ASCII, SP and HTAB, not starting or ending with SP/HTAB: no CR, LF, NUL
   or byte >= 0x80 can reach the wire, whatever the escapes. *len gets the decoded length. */
static CHDR__HOT int chdr__check_value(const chdr__str *x, size_t *len)
{
    size_t i = 0, n = 0;
    uint32_t c = 'x';
#if CHDR__SPEED
    const char *s = x->s;
    /* The usual value, visible ASCII and spaces with no escape, is its own text: one test a
       byte, then the same answers the loop below would give, in its order. */
    while (i < x->n && (unsigned char)s[i] - 0x20u < 0x5fu && s[i] != '\\') i++;
    if (i == x->n) {
        *len = i;
        return i && s[0] == ' '     ? CHDR__VALUE_EDGE
               : i > CHDR_VALUE_MAX ? CHDR__VALUE_LONG
               : i && s[i - 1] == ' ' ? CHDR__VALUE_EDGE
                                      : 0;
    }
    i = 0;
#endif
    while (i < x->n) {
        c = chdr__unit(x, &i);
        if (c != '\t' && c - 0x20 > 0x5eu) return CHDR__VALUE_CHAR;
        if (n == 0 && (c == ' ' || c == '\t')) return CHDR__VALUE_EDGE;
        if (n++ == CHDR_VALUE_MAX) return CHDR__VALUE_LONG;
    }
    *len = n;
    return c == ' ' || c == '\t' ? CHDR__VALUE_EDGE : 0;
}

#ifndef CHDR_FORBIDDEN
#define CHDR_FORBIDDEN(name, len) chdr__forbidden(name, len)
/* The server owns framing, routing and hop-by-hop headers: a second copy would corrupt or
   smuggle every response. */
static int chdr__forbidden(const char *name, size_t len)
{
    /* each name behind its length, so the scan hops from name to name */
    static const char list[] = "\016content-length\014content-type\020content-encoding"
                               "\015content-range\021transfer-encoding\012connection"
                               "\012keep-alive\007upgrade\007trailer\002te\020proxy-connection"
                               "\004host\004date\006status\010location\012x-sendfile"
                               "\024x-lighttpd-send-file";
    /* bit n set when some name above has n bytes: most names skip the scan */
    const uint32_t lengths = 1u << 2 | 1u << 4 | 1u << 6 | 1u << 7 | 1u << 10 | 1u << 12 |
                             1u << 13 | 1u << 14 | 1u << 16 | 1u << 17 | 1u << 8 | 1u << 20;
    size_t i;
    if (len >= 8 && chdr__ieq(name, 8, "x-accel-", 8)) return 1;
    if (len > 31 || !(lengths >> len & 1u)) return 0;
    for (i = 0; i < sizeof list - 1; i += 1u + (unsigned char)list[i])
        if (chdr__ieq(list + i + 1, (unsigned char)list[i], name, len)) return 1;
    return 0;
}
#endif

/* ---- error messages ----------------------------------------------------------------------- */

/* The words of the messages. Each is a member of one struct, so that its offset is a constant
   that fits the two bytes chdr__errors keeps per reason: no pointers, which cost flash on small
   cores, and no walk through the words. */
#define CHDR__WORDS(X) \
    X(params, "params")                                                             \
    X(body, "body")                                                                 \
    X(method, "method")                                                             \
    X(apiVersion, "apiVersion")                                                     \
    X(context, "context")                                                           \
    X(name_char, "name is not an RFC 9110 token")                                   \
    X(name_empty, "name is empty")                                                  \
    X(name_long, "name is longer than the byte limit of")                           \
    X(forbidden, "is a header the server owns, it cannot be set")                   \
    X(value_type, "value must be a string")                                         \
    X(value_char, "value may hold only visible ASCII, space and tab")               \
    X(value_edge, "value starts or ends with a space or tab")                       \
    X(value_long, "value is longer than the byte limit of")                         \
    X(duplicate, "appears twice (names ignore case)")                               \
    X(full_count, "would make more headers than the table limit of")                \
    X(full_bytes, "would need more name and value bytes than the storage limit of") \
    X(body_large, "larger than the byte limit of")                                  \
    X(body_syntax, "not valid JSON (RFC 8259), it breaks at byte")                  \
    X(body_tokens, "more JSON tokens than the limit of")                            \
    X(body_object, "not a JSON object")                                             \
    X(body_twice, "appears twice at the top level")                                 \
    X(missing, "missing")                                                           \
    X(no_method, "names no method, use list, set, remove or getSupportedVersions")  \
    X(unsupported, "not supported, use 1.0 or 1.1")                                 \
    X(not_object, "must be an object")                                              \
    X(params_empty, "must name at least one header")

#define CHDR__WORD_FIELD(id, text) char id[sizeof(text)];
#define CHDR__WORD_TEXT(id, text) text,
struct chdr__words {
    CHDR__WORDS(CHDR__WORD_FIELD)
};
static const struct chdr__words chdr__words = {CHDR__WORDS(CHDR__WORD_TEXT)};

/* sixteen bits a reason: three for the code, three for the member, ten for the words */
typedef char chdr__words_fit[sizeof(struct chdr__words) <= 1024 ? 1 : -1];

/* The member an error names: where its word is, by index. */
enum { CHDR__IN_PARAMS, CHDR__IN_BODY, CHDR__IN_METHOD, CHDR__IN_VERSION, CHDR__IN_CONTEXT };
static const unsigned char chdr__member_at[] = {
    offsetof(struct chdr__words, params), offsetof(struct chdr__words, body),
    offsetof(struct chdr__words, method), offsetof(struct chdr__words, apiVersion),
    offsetof(struct chdr__words, context)};

/* What the response says for each CHDR__ reason, in their order: the code, the member and the
   words after it. Words that end another start inside it: "must be a string" is the end of
   "value must be a string", skipping its first six bytes. */
#define CHDR__E_TAIL(code, member, words, skip)                                                 \
    (uint16_t)(((code) > CHDR_ERR_LIMIT ? (code) - (CHDR_ERR_VERSION - 1) : 0) << 13 |            \
               CHDR__IN_##member << 10 | (offsetof(struct chdr__words, words) + (skip)))
#define CHDR__E(code, member, words) CHDR__E_TAIL(code, member, words, 0)
static const uint16_t chdr__errors[] = {
    CHDR__E(CHDR_ERR_INVALID, PARAMS, name_char),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, name_empty),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, name_long),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, forbidden),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, value_type),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, value_char),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, value_edge),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, value_long),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, duplicate),
    CHDR__E(CHDR_ERR_LIMIT, PARAMS, full_count),
    CHDR__E(CHDR_ERR_LIMIT, PARAMS, full_bytes),
    CHDR__E(CHDR_ERR_LIMIT, BODY, body_large),
    CHDR__E(CHDR_ERR_SYNTAX, BODY, body_syntax),
    CHDR__E(CHDR_ERR_LIMIT, BODY, body_tokens),
    CHDR__E(CHDR_ERR_SYNTAX, BODY, body_object),
    CHDR__E(CHDR_ERR_SYNTAX, BODY, body_twice),
    CHDR__E(CHDR_ERR_MISSING, METHOD, missing),
    CHDR__E_TAIL(CHDR_ERR_INVALID, METHOD, value_type, 6),
    CHDR__E(CHDR_ERR_METHOD, METHOD, no_method),
    CHDR__E(CHDR_ERR_MISSING, VERSION, missing),
    CHDR__E_TAIL(CHDR_ERR_INVALID, VERSION, value_type, 6),
    CHDR__E(CHDR_ERR_VERSION, VERSION, unsupported),
    CHDR__E_TAIL(CHDR_ERR_INVALID, CONTEXT, value_type, 6),
    CHDR__E_TAIL(CHDR_ERR_INVALID, CONTEXT, name_long, 8),
    CHDR__E(CHDR_ERR_MISSING, PARAMS, missing),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, not_object),
    CHDR__E(CHDR_ERR_INVALID, PARAMS, params_empty),
};

/* The API's error number for a reason: the C API's result and the response's code. */
static CHDR__ONE_COPY int chdr__code(int why)
{
    unsigned int code = chdr__errors[why - 1] >> 13u;
    return code ? CHDR_ERR_VERSION - 1 + (int)code : CHDR_ERR_LIMIT;
}

/* ---- the table ----------------------------------------------------------------------------- */

static size_t chdr__start(const chdr_table *t, size_t i) { return i ? t->end[i - 1] : 0; }

/* Index of the header called name (decoded), or t->count. */
static size_t chdr__find(const chdr_table *t, const chdr__str *name)
{
    size_t i;
    for (i = 0; i < t->count; i++)
        if (t->name_len[i] == name->n &&
            chdr__ieq(t->block + chdr__start(t, i), name->n, name->s, name->n))
            return i;
    return i;
}

/* Writes "name: value\r\n" as header i, replacing it or, when i == count, appending. The
   caller has checked that it fits. */
static CHDR__HOT void chdr__put(chdr_table *t, size_t i, const char *name, size_t nlen,
                                const chdr__str *value, size_t vlen)
{
    size_t start = chdr__start(t, i), old_end = i < t->count ? t->end[i] : start;
    size_t new_end = start + nlen + vlen + 4, j, k;
    char *p = t->block + start;
    if (new_end != old_end)
        CHDR_MEMMOVE(t->block + new_end, t->block + old_end, t->used - old_end);
    CHDR_MEMCPY(p, name, nlen);
    p += nlen;
    *p++ = ':';
    *p++ = ' ';
    /* an escape always decodes shorter, so a value as long as its text holds none */
    if (!value->json || vlen == value->n) CHDR_MEMCPY(p, value->s, vlen);
    else for (j = 0, k = 0; k < vlen; k++) p[k] = (char)chdr__unit(value, &j);
    p[vlen] = '\r';
    p[vlen + 1] = '\n';
    for (j = i + 1; j < t->count; j++) t->end[j] = (uint16_t)(t->end[j] - old_end + new_end);
    if (i == t->count) t->count++;
    t->end[i] = (uint16_t)new_end;
    t->name_len[i] = (uint8_t)nlen;
    t->used = (uint16_t)(t->used - old_end + new_end);
    t->changes++;
}

static void chdr__drop(chdr_table *t, size_t i)
{
    size_t start = chdr__start(t, i), len = t->end[i] - start;
    CHDR_MEMMOVE(t->block + start, t->block + t->end[i], t->used - t->end[i]);
    for (t->count--; i < t->count; i++) {
        t->end[i] = (uint16_t)(t->end[i + 1] - len);
        t->name_len[i] = t->name_len[i + 1];
    }
    t->used = (uint16_t)(t->used - len);
    t->changes++;
}

/* A batch of headers to set, from a request's params, a defaults list or one C call. */
typedef struct chdr__pair {
    chdr__str name, value;
    int is_string;
    /* For params: the size fields of the key and value tokens, free to reuse (a key's is
       always 1, a string's 0), where the check leaves what apply and the response would
       otherwise work out again. Key: 1 nothing kept, 2 a new header, -i header i, kept only
       for names written without escapes; value: its decoded length. NULL for the C API. */
    int *memo, *vmemo;
} chdr__pair;

typedef struct chdr__batch {
    size_t n;
    void (*get)(const struct chdr__batch *b, size_t k, chdr__pair *p);
    const void *src;     /* what get reads */
    int replace_all;     /* install: the batch becomes the whole table */
    int names_only;      /* remove: values are not headers */
} chdr__batch;

static CHDR__HOT void chdr__get_params(const chdr__batch *b, size_t k, chdr__pair *p);

/* Pair k of the batch, from get (b->get, read once by the caller: b escapes to the call).
   Where chdr_handle builds its batch, speed builds see which getter it is and inline it,
   which a call through the pointer could not be. */
static CHDR__HOT void chdr__get(void (*get)(const chdr__batch *, size_t, chdr__pair *),
                                const chdr__batch *b, size_t k, chdr__pair *p)
{
#if CHDR__SPEED
    if (get == chdr__get_params) {
        chdr__get_params(b, k, p);
        return;
    }
#endif
    get(b, k, p);
}

/* Checks every pair and the room the whole batch needs before anything changes, so a batch
   applies completely or not at all. Returns 0 or a reason, with *bad the pair at fault, and
   *grow the bytes the block gains if every shrinking header came last. */
static CHDR__HOT int chdr__check_batch(const chdr_table *t, const chdr__batch *b, size_t *bad,
                                       size_t *grow)
{
    size_t k, i, count = b->replace_all ? 0 : t->count, old, line;
    size_t bytes = b->replace_all ? 0 : (size_t)t->used - 4u * t->count;
    char name[CHDR_NAME_MAX];
    void (*const get)(const chdr__batch *, size_t, chdr__pair *) = b->get;
    for (k = 0; k < b->n; k++) {
        chdr__pair p;
        chdr__str plain;
        size_t vlen = 0;
        int why;
        *bad = k;
        chdr__get(get, b, k, &p);
        why = chdr__check_name(&p.name, name, &plain);
        if (!why && b->names_only) {
            /* removing is allowed for any name a header could have */
        } else if (!why && !p.is_string) why = CHDR__VALUE_TYPE;
        else if (!why && CHDR_FORBIDDEN(plain.s, plain.n)) why = CHDR__FORBIDDEN;
        else if (!why) why = chdr__check_value(&p.value, &vlen);
        if (why) return why;
        i = b->replace_all ? t->count : chdr__find(t, &plain);
        if (p.memo && !b->names_only && plain.s == p.name.s) {
            *p.memo = i < t->count ? -(int)i : 2;
            *p.vmemo = (int)vlen;
        }
        line = plain.n + vlen + 4;
        old = 0;
        if (i < t->count) old = t->end[i] - chdr__start(t, i);
        else count++;
        bytes = bytes + line - (old ? old : 4); /* lines less their 4 bytes of ": " and CRLF */
        if (line > old) *grow += line - old;
        /* last, so that p can hold the earlier pairs: a smaller frame on the deepest path */
        for (i = 0; i < k; i++) {
            chdr__get(get, b, i, &p);
            if (chdr__same(&p.name, &plain, 1)) return CHDR__DUPLICATE;
        }
    }
    *bad = b->n;
    if (b->names_only) return 0;
    if (count > CHDR_MAX_HEADERS) return CHDR__FULL_COUNT;
    return bytes > CHDR_STORAGE ? CHDR__FULL_BYTES : 0;
}

/* Applies a checked batch in one pass when the block has room for every header that grows
   before any shrinks; otherwise the shrinking ones go first, so the block never holds more than
   the batch's final size at any step. */
static CHDR__HOT void chdr__apply(chdr_table *t, const chdr__batch *b, size_t grow)
{
    int one_pass = b->replace_all || b->names_only || t->used + grow <= CHDR_BLOCK_MAX;
    size_t k, pass, nlen, vlen = 0, i;
    char name[CHDR_NAME_MAX];
    void (*const get)(const chdr__batch *, size_t, chdr__pair *) = b->get;
    if (b->replace_all && t->count) {
        t->count = 0;
        t->used = 0;
        t->changes++;
    }
    for (pass = one_pass ? 1u : 0u; pass < 2; pass++) {
        for (k = 0; k < b->n; k++) {
            chdr__pair p;
            chdr__str plain;
            int kept;
            chdr__get(get, b, k, &p);
            kept = p.memo && *p.memo != 1;
            if (kept) {
                plain = p.name;
                plain.json = 0;
                i = *p.memo == 2 ? t->count : (size_t)-*p.memo;
                vlen = (size_t)*p.vmemo;
            } else {
                chdr__check_name(&p.name, name, &plain);
                i = chdr__find(t, &plain);
                if (b->names_only) {
                    if (i < t->count) chdr__drop(t, i);
                    continue;
                }
                chdr__check_value(&p.value, &vlen);
            }
            nlen = plain.n;
            if (!one_pass &&
                (pass == 0) != (i < t->count && nlen + vlen + 4 <= t->end[i] - chdr__start(t, i)))
                continue;
            if (kept) *p.memo = -(int)i; /* where the response finds it */
            chdr__put(t, i, plain.s, nlen, &p.value, vlen);
        }
    }
}

static void chdr__get_one(const chdr__batch *b, size_t k, chdr__pair *p)
{
    (void)k;
    *p = *(const chdr__pair *)b->src;
    p->memo = p->vmemo = NULL;
}

/* Stops one past max: enough to refuse what is too long without reading further. */
static size_t chdr__cstrlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n <= max && s[n]) n++;
    return n;
}

static void chdr__get_list(const chdr__batch *b, size_t k, chdr__pair *p)
{
    const chdr_pair *e = (const chdr_pair *)b->src + k;
    p->name.s = e->name;
    p->name.n = chdr__cstrlen(e->name, CHDR_NAME_MAX);
    p->value.s = e->value;
    p->value.n = chdr__cstrlen(e->value, CHDR_VALUE_MAX);
    p->name.json = p->value.json = 0;
    p->is_string = 1;
    p->memo = p->vmemo = NULL;
}

static int chdr__run(chdr_table *t, const chdr__batch *b)
{
    size_t bad, grow = 0;
    int why = chdr__check_batch(t, b, &bad, &grow);
    if (why) return chdr__code(why);
    chdr__apply(t, b, grow);
    return CHDR_OK;
}

CHDR_API void chdr_init(chdr_table *t) { CHDR_MEMSET(t, 0, sizeof *t); }

CHDR_API const char *chdr_block(const chdr_table *t, size_t *len)
{
    *len = t->used;
    return t->block;
}

CHDR_API int chdr_set(chdr_table *t, const char *name, size_t name_len, const char *value,
                      size_t value_len)
{
    chdr__pair p = {{name, name_len, 0}, {value, value_len, 0}, 1, NULL, NULL};
    chdr__batch b = {1, chdr__get_one, &p, 0, 0};
    return chdr__run(t, &b);
}

CHDR_API int chdr_remove(chdr_table *t, const char *name, size_t name_len)
{
    chdr__pair p = {{name, name_len, 0}, {name, 0, 0}, 1, NULL, NULL};
    chdr__batch b = {1, chdr__get_one, &p, 0, 1};
    return chdr__run(t, &b);
}

CHDR_API int chdr_install(chdr_table *t, const chdr_pair *list, size_t n)
{
    chdr__batch b = {n, chdr__get_list, list, 1, 0};
    return chdr__run(t, &b);
}

CHDR_API int chdr_find(const chdr_table *t, const char *name, size_t name_len, const char **value,
                       size_t *value_len)
{
    chdr__str x = {name, name_len, 0};
    size_t i = chdr__find(t, &x), start;
    if (i == t->count) return 0;
    start = chdr__start(t, i) + t->name_len[i] + 2;
    if (value) *value = t->block + start;
    if (value_len) *value_len = t->end[i] - 2 - start;
    return 1;
}

CHDR_API size_t chdr_next(const chdr_table *t, size_t pos, chdr_header *h)
{
    size_t start;
    if (pos >= t->count) return 0;
    start = chdr__start(t, pos);
    h->name = t->block + start;
    h->name_len = t->name_len[pos];
    h->value = h->name + h->name_len + 2;
    h->value_len = t->end[pos] - 2 - (start + h->name_len + 2);
    return pos + 1;
}

CHDR_API size_t chdr_count(const chdr_table *t) { return t->count; }

CHDR_API uint32_t chdr_changes(const chdr_table *t) { return t->changes; }

/* ---- reading the request ------------------------------------------------------------------ */

enum { CHDR__LIST, CHDR__SET, CHDR__REMOVE, CHDR__VERSIONS };

/* What chdr_handle learnt from a request and did with it: all the response needs. */
typedef struct chdr__req {
    const char *js;
    jsmntok_t *tok; /* chdr_handle's own array: the memo fields of chdr__pair live in it */
    int ntok;
    int version, context, method, params; /* value token of each member; 0 when absent */
    int which;                             /* CHDR__LIST ... */
    const char *api;                       /* the response's apiVersion */
    int why;                               /* 0, or the error: a CHDR__ reason */
    int name;                              /* the key the error quotes, or 0 */
    unsigned int pos;                      /* CHDR__BODY_SYNTAX: where the body breaks */
} chdr__req;

static chdr__str chdr__tokstr(const chdr__req *r, int i)
{
    chdr__str x;
    x.s = r->js + r->tok[i].start;
    x.n = (size_t)(r->tok[i].end - r->tok[i].start);
    x.json = 1;
    return x;
}

/* Whether JSON string text s[0..n) is lit. Written without escapes it has lit's length and
   first byte, settled by one comparison; an escape makes it longer (UTF-8 cannot spell an
   ASCII literal), and only then is it decoded. By pointer and length rather than chdr__str,
   so that speed builds keep both in registers. */
static int chdr__lit_slow(const char *s, size_t n, const char *lit, size_t len)
{
    chdr__str a = {s, n, 1}, b = {lit, len, 0};
    return chdr__same_slow(&a, &b, 0);
}

static CHDR__HOT int chdr__lit(const char *s, size_t n, const char *lit, size_t len)
{
    if (n == len) return !CHDR_MEMCMP(s, lit, len);
    return n > len && (s[0] == lit[0] || s[0] == '\\') && chdr__lit_slow(s, n, lit, len);
}

/* Whether token i is a string that says lit. */
static CHDR__HOT int chdr__is(const chdr__req *r, int i, const char *lit, size_t len)
{
    return r->tok[i].type == JSMN_STRING &&
           chdr__lit(r->js + r->tok[i].start, (size_t)(r->tok[i].end - r->tok[i].start), lit,
                     len);
}
#define CHDR__IS(r, i, lit) chdr__is(r, i, lit, sizeof(lit) - 1)

/* The token after value token v and everything nested in it. */
static int chdr__skip(const chdr__req *r, int v)
{
    int j = v + 1;
    if (r->tok[v].type > JSMN_ARRAY) return j; /* a string or primitive holds nothing */
    while (j < r->ntok && r->tok[j].start < r->tok[v].end) j++;
    return j;
}

/* The k-th member of params: key token, and value token. */
static int chdr__member(const chdr__req *r, size_t k)
{
    int key = r->params + 1;
    for (; k > 0; k--) key = chdr__skip(r, key + 1);
    return key;
}

static CHDR__HOT void chdr__get_params(const chdr__batch *b, size_t k, chdr__pair *p)
{
    const chdr__req *r = (const chdr__req *)b->src;
    int key = chdr__member(r, k);
    p->name = chdr__tokstr(r, key);
    p->value = chdr__tokstr(r, key + 1);
    p->is_string = r->tok[key + 1].type == JSMN_STRING;
    p->memo = &r->tok[key].size;
    p->vmemo = &r->tok[key + 1].size;
}

static void chdr__judge(chdr__req *r, int dup);

/* Finds the four members, refusing a duplicated one, and checks them in the order SPEC
   section 1 fixes for reporting. */
static void chdr__read(chdr__req *r)
{
    const jsmntok_t *tok = r->tok;
    int k, j, *slot, dup = 0;
    if (tok[0].type != JSMN_OBJECT) {
        r->why = CHDR__BODY_OBJECT;
        return;
    }
    for (k = 1; k < r->ntok; k = chdr__skip(r, k + 1)) {
        const char *ks = r->js + tok[k].start;
        size_t kn = (size_t)(tok[k].end - tok[k].start);
        chdr__str key;
        /* keys are strings: no type to check; the names are the messages' words, stored once */
        slot = chdr__lit(ks, kn, chdr__words.apiVersion, 10) ? &r->version
               : chdr__lit(ks, kn, chdr__words.context, 7)    ? &r->context
               : chdr__lit(ks, kn, chdr__words.method, 6)     ? &r->method
               : chdr__lit(ks, kn, chdr__words.params, 6)     ? &r->params
                                                              : NULL;
        /* The first of duplicated members is the one the 2101 response echoes. One of ours is
           a duplicate when its slot is taken; any other can only equal another stranger, but
           comparing with every earlier key is as right and keeps no list. */
        if (slot) {
            if (!*slot) *slot = k + 1;
            else if (!dup) dup = k;
            continue;
        }
        key = chdr__tokstr(r, k);
        for (j = 1; !dup && j < k; j = chdr__skip(r, j + 1)) {
            chdr__str seen = chdr__tokstr(r, j);
            if (chdr__same(&seen, &key, 0)) dup = k;
        }
    }
    chdr__judge(r, dup);
}

/* Checks the members found, in the order SPEC section 1 fixes for reporting; dup is the first
   duplicated key, or 0. */
static void chdr__judge(chdr__req *r, int dup)
{
#if !CHDR__SPEED
    static const char *const methods[4] = {"list", "set", "remove", "getSupportedVersions"};
    static const unsigned char method_len[4] = {4, 3, 6, 20};
#endif
    const jsmntok_t *tok = r->tok;
    int supported, versioned;
#if !CHDR__SPEED
    int j;
#endif
    if (r->version && CHDR__IS(r, r->version, "1.1")) r->api = "1.1";
    supported = r->api[2] == '1' || (r->version && CHDR__IS(r, r->version, "1.0"));
#if CHDR__SPEED
    /* constant lengths: each comparison is a length test and a few loads */
    r->which = !r->method                                   ? -1
               : CHDR__IS(r, r->method, "set")                  ? CHDR__SET
               : CHDR__IS(r, r->method, "list")                 ? CHDR__LIST
               : CHDR__IS(r, r->method, "remove")               ? CHDR__REMOVE
               : CHDR__IS(r, r->method, "getSupportedVersions") ? CHDR__VERSIONS
                                                                : -1;
#else
    r->which = -1;
    for (j = 0; r->method && j < 4; j++)
        if (chdr__is(r, r->method, methods[j], method_len[j])) r->which = j;
#endif

    versioned = r->which != CHDR__VERSIONS;
    r->name = dup;
    r->why = dup                                                 ? CHDR__BODY_TWICE
             : !r->method                                        ? CHDR__METHOD_MISSING
             : tok[r->method].type != JSMN_STRING                ? CHDR__METHOD_TYPE
             : r->which < 0                                      ? CHDR__METHOD_UNKNOWN
             : versioned && !r->version                          ? CHDR__VERSION_MISSING
             : versioned && tok[r->version].type != JSMN_STRING  ? CHDR__VERSION_TYPE
             : versioned && !supported                           ? CHDR__VERSION_UNSUPPORTED
             : r->context && tok[r->context].type != JSMN_STRING ? CHDR__CONTEXT_TYPE
             : r->context && tok[r->context].end - tok[r->context].start > CHDR_CONTEXT_MAX
                 ? CHDR__CONTEXT_LONG
             : r->which != CHDR__SET && r->which != CHDR__REMOVE ? 0
             : !r->params                                        ? CHDR__PARAMS_MISSING
             : tok[r->params].type != JSMN_OBJECT                ? CHDR__PARAMS_TYPE
             : tok[r->params].size == 0                          ? CHDR__PARAMS_EMPTY
                                                                 : 0;
}

#if CHDR__SPEED
/* Speed builds first try a reader for the requests clients send: an object whose members are
   apiVersion, context, method and params, at most once each, and whose values are plain
   strings (printable ASCII, no escape) or objects of plain strings. It fills the token array
   exactly as jsmn_parse would and finds the members in the same pass, which saves the walk
   over the tokens that chdr__read makes. On anything else it returns 0 having set nothing in
   r, with the tokens so far and *parser as jsmn_parse would have them at that point, so the
   full reader goes on from there instead of reading the body twice. tests/test_quick.c and
   fuzz_handle hold it to exactly the full reader's results. */

/* The closing quote of plain string text starting at p, or NULL. */
static CHDR__HOT const unsigned char *chdr__quick_str(const unsigned char *p,
                                                      const unsigned char *end)
{
#if CHDR_SSE2
    /* '"', '\\', controls, and (negative as signed bytes) everything from 0x80 on */
    for (; end - p >= 16; p += 16) {
        chdr__v16 v;
        unsigned m;
        __builtin_memcpy(&v, p, 16);
        m = CHDR__BITS((v == '"') | (v == '\\') | (v < ' '));
        if (m) {
            p += __builtin_ctz(m);
            return *p == '"' ? p : NULL;
        }
    }
#endif
#if JSMN_SWAR
    for (; end - p >= 8; p += 8) {
        unsigned long long m = jsmn__special8(p);
        if (m) {
            p += __builtin_ctzll(m) >> 3;
            return *p == '"' ? p : NULL;
        }
    }
#endif
    while (p != end && *p - 0x20u < 0x60u && *p != '"' && *p != '\\') p++;
    return p != end && *p == '"' ? p : NULL;
}

/* The first byte from p on that is not whitespace: mostly p itself. */
static CHDR__HOT const unsigned char *chdr__quick_ws(const unsigned char *p,
                                                     const unsigned char *end)
{
    return p != end && *p > ' ' ? p : jsmn__ws(p, end);
}

#if JSMN_SWAR
/* Eight bytes of a literal as one number, folded at compile time. */
static CHDR__HOT uint64_t chdr__u64(const char *lit)
{
    uint64_t w;
    __builtin_memcpy(&w, lit, 8);
    return w;
}
#endif

/* The closing quote of a top-level name whose opening quote is at p, or NULL; sets *m to which
   of the four members it names (0 apiVersion, 1 context, 2 method, 3 params), or -1. */
static CHDR__HOT const unsigned char *chdr__quick_name(const unsigned char *p,
                                                       const unsigned char *end, int *m)
{
    const unsigned char *q;
    size_t kn;
#if JSMN_SWAR
    /* Written as usual, each name and its closing quote are one or two comparisons. */
    if (end - p >= 12) {
        uint64_t w, w7;
        __builtin_memcpy(&w, p + 1, 8);
        w7 = w & 0x00ffffffffffffffull; /* "method" or "params" and the quote: seven bytes */
        *m = w7 == chdr__u64("method\"")                                   ? 2
             : w7 == chdr__u64("params\"")                                 ? 3
             : w == chdr__u64("context\"")                                 ? 1
             : w == chdr__u64("apiVersi") && !CHDR_MEMCMP(p + 8, "ion\"", 4) ? 0
                                                                          : -1;
        if (*m >= 0) return p + (*m == 0 ? 11 : *m == 1 ? 8 : 7);
    }
#endif
    if (!(q = chdr__quick_str(p + 1, end))) return NULL;
    kn = (size_t)(q - p - 1);
    *m = kn == 10 && !CHDR_MEMCMP(p + 1, chdr__words.apiVersion, 10) ? 0
         : kn == 7 && !CHDR_MEMCMP(p + 1, chdr__words.context, 7)    ? 1
         : kn == 6 && !CHDR_MEMCMP(p + 1, chdr__words.method, 6)     ? 2
         : kn == 6 && !CHDR_MEMCMP(p + 1, chdr__words.params, 6)     ? 3
                                                                     : -1;
    return q;
}

/* A string token for the text between p (its opening quote) and q (its closing quote). */
static CHDR__HOT void chdr__quick_tok(jsmntok_t *t, const unsigned char *s,
                                      const unsigned char *p, const unsigned char *q, int size,
                                      int parent)
{
    t->type = JSMN_STRING;
    t->start = (int)(p + 1 - s);
    t->end = (int)(q - s);
    t->size = size;
#ifdef JSMN_PARENT_LINKS
    t->parent = parent;
#else
    (void)parent;
#endif
}

/* Where a decline leaves jsmn_parse to go on: the state its own pass would have at p. */
#define CHDR__RESUME(state)                                                                     \
    do {                                                                                        \
        expect = (state);                                                                       \
        goto resume;                                                                            \
    } while (0)

static int chdr__quick(chdr__req *r, size_t len, jsmntok_t *tok, jsmn_parser *parser)
{
    const unsigned char *const s = (const unsigned char *)r->js, *const end = s + len;
    const unsigned char *p = chdr__quick_ws(s, end), *q;
    int n = 0, obj = -1, outer = -1, keys = 0, outer_keys = 0, at[4] = {0, 0, 0, 0}, m;
    unsigned int expect;
    jsmn_init(parser);
    if (p == end || *p != '{') return 0;
open: /* p is at the '{' of a new object, the top level's or a member's value (there is room:
         the name before it was taken only with room for two tokens) */
    tok[n].type = JSMN_OBJECT;
    tok[n].start = (int)(p - s);
    tok[n].end = obj; /* while open, its container, as jsmn_parse keeps it */
#ifdef JSMN_PARENT_LINKS
    tok[n].parent = obj < 0 ? -1 : n - 1;
#endif
    outer = obj;
    outer_keys = keys;
    obj = n++;
    keys = 0;
    p = chdr__quick_ws(p + 1, end);
    if (p != end && *p == '}') goto close;
member: /* p is where a member's name should start; its value, string or object, follows */
    if (p == end || *p != '"' || CHDR_MAX_TOKENS - n < 2) CHDR__RESUME(JSMN__NEXT);
    if (obj == 0) { /* a top-level name: one of the four, or the full reader judges */
        if (!(q = chdr__quick_name(p, end, &m)) || m < 0 || at[m]) CHDR__RESUME(JSMN__NEXT);
        at[m] = n + 1;
    } else if (!(q = chdr__quick_str(p + 1, end))) {
        CHDR__RESUME(JSMN__NEXT);
    }
    chdr__quick_tok(&tok[n], s, p, q, 1, obj);
    keys++;
    n++;
    p = q + 1; /* the colon, usually right after the name */
    if (p == end || *p != ':') {
        p = chdr__quick_ws(p, end);
        if (p == end || *p != ':') CHDR__RESUME(JSMN__COLON);
    }
    if (++p != end && *p == ' ') p++; /* "name": value, the usual spacing */
    p = chdr__quick_ws(p, end);
    if (p != end && *p == '{' && obj == 0) goto open;
    if (p == end || *p != '"' || !(q = chdr__quick_str(p + 1, end))) CHDR__RESUME(JSMN__VALUE);
    chdr__quick_tok(&tok[n], s, p, q, 0, n - 1);
    n++;
    p = chdr__quick_ws(q + 1, end);
after: /* after a member: a comma or the end of its object */
    if (p == end || (*p != ',' && *p != '}')) CHDR__RESUME(JSMN__AFTER);
    if (*p == ',') {
        p = chdr__quick_ws(p + 1, end);
        goto member;
    }
close:
    tok[obj].end = (int)(p - s) + 1;
    tok[obj].size = keys;
    p = chdr__quick_ws(p + 1, end);
    obj = outer;
    keys = outer_keys;
    outer = -1;
    if (obj >= 0) goto after;
    if (p != end) CHDR__RESUME(JSMN__AFTER); /* something after the object */
    r->tok = tok;
    r->ntok = n;
    r->version = at[0];
    r->context = at[1];
    r->method = at[2];
    r->params = at[3];
    chdr__judge(r, 0);
    return 1;

resume: /* declined: nothing set in r; the tokens so far are jsmn_parse's, which goes on at p */
    if (obj >= 0) tok[obj].size = keys;
    if (outer >= 0) tok[outer].size = outer_keys;
    parser->pos = (unsigned int)(p - s);
    parser->toknext = (unsigned int)n;
    parser->toksuper = obj;
    parser->expect = (unsigned char)expect;
    parser->kind = (unsigned char)(obj >= 0 ? JSMN_OBJECT : 0);
    return 0;
}
#undef CHDR__RESUME
#else
/* size builds: every request is read the full way, from the start */
#define chdr__quick(r, len, tok, parser) (jsmn_init(parser), 0)
#endif

/* ---- writing the response ----------------------------------------------------------------- */

/* Counts every byte and stores those that fit: one pass sizes, the next writes. */
typedef struct chdr__out {
    char *p;
    size_t cap, len;
} chdr__out;

static CHDR__HOT void chdr__emit(chdr__out *o, const char *s, size_t n)
{
    /* len stays far below SIZE_MAX (CHDR_RESPONSE_MAX bounds it), so the sum cannot wrap */
    if (n && o->len + n <= o->cap) CHDR_MEMCPY(o->p + o->len, s, n);
    o->len += n;
}
#define CHDR__LIT(o, lit) chdr__emit(o, lit, sizeof(lit) - 1)

/* The length of our own NUL-terminated message words; none is near the bound. */
static size_t chdr__len(const char *s)
{
    size_t n = 0;
    while (n < 255 && s[n]) n++;
    return n;
}

/* Decimal by subtracting powers of ten: Cortex-M0+ has no divide instruction, and a call
   into libgcc for it would be the library's only dependency beyond mem*. */
static size_t chdr__num(char *d, uint32_t v)
{
    static const uint32_t pow10[10] = {1000000000u, 100000000u, 10000000u, 1000000u, 100000u,
                                       10000u,      1000u,      100u,      10u,      1u};
    size_t n = 0, k;
    for (k = 0; k < 10; k++) {
        char c = '0';
        while (v >= pow10[k]) { /* at most 9 times: v < 10 * pow10[k] (k = 0: 4 times) */
            v -= pow10[k];
            c++;
        }
        if (c != '0' || n || k == 9) d[n++] = c;
    }
    return n;
}

/* Word k of a list of NUL-terminated words; the lists are ours and k is in range. */
static const char *chdr__word(const char *list, int k)
{
    for (; k > 0; k--)
        while (*list++) {
        }
    return list;
}

/* The first byte of s[i..n) that a JSON string must escape. Table values hold only visible
   ASCII, space and tab, so that is '"', '\\' or a tab. */
static CHDR__HOT size_t chdr__plain_run(const char *s, size_t i, size_t n)
{
#if JSMN_SWAR
    /* eight bytes at a time with the tokenizer's string test, which stops at the same bytes */
    for (; n - i >= 8; i += 8) {
        unsigned long long m = jsmn__special8((const unsigned char *)s + i);
        if (m) return i + (size_t)(__builtin_ctzll(m) >> 3);
    }
    if (i < n && n >= 8) {
        /* The last one to seven bytes: the eight bytes ending at n, shifted down so that s[i]
           is the lowest. The shift brings in zero bytes, which the test flags too, above
           every byte of s[i..n): the lowest flag is the answer, n when nothing needs escaping.
           (Bytes below i are shifted out before the test, so a flagged one cannot borrow.) */
        unsigned long long w;
        __builtin_memcpy(&w, s + n - 8, 8);
        w >>= 8 * (8 - (n - i));
        return i + (size_t)(__builtin_ctzll(jsmn__special(w)) >> 3);
    }
#endif
    while (i < n && s[i] != '"' && s[i] != '\\' && s[i] != '\t') i++;
    return i;
}

/* A table value as a JSON string body (a raw tab is not allowed in JSON, so it becomes \t). */
static CHDR__HOT void chdr__emit_escaped(chdr__out *o, const char *s, size_t n)
{
    size_t run = 0, i;
    while ((i = chdr__plain_run(s, run, n)) < n) {
        char c = s[i];
        chdr__emit(o, s + run, i - run);
        chdr__emit(o, c == '"' ? "\\\"" : c == '\\' ? "\\\\" : "\\t", 2);
        run = i + 1;
    }
    chdr__emit(o, s + run, n - run);
}

/* A token as written: strings with their quotes, anything else as its span. */
static CHDR__HOT void chdr__emit_tok(chdr__out *o, const chdr__req *r, int i)
{
    int quoted = r->tok[i].type == JSMN_STRING;
    chdr__emit(o, r->js + r->tok[i].start - quoted,
               (size_t)(r->tok[i].end - r->tok[i].start + 2 * quoted));
}

/* Header i as a member, after a comma unless it comes first. */
static CHDR__HOT void chdr__emit_header(chdr__out *o, const chdr_table *t, size_t i, int first)
{
    chdr_header h = {NULL, 0, NULL, 0};
    chdr_next(t, i, &h);
    chdr__emit(o, &",\""[first != 0], first ? 1u : 2u);
    chdr__emit(o, h.name, h.name_len);
    CHDR__LIT(o, "\":\"");
    chdr__emit_escaped(o, h.value, h.value_len);
    CHDR__LIT(o, "\"");
}

/* The number that ends the message of a reason whose words end in "of" or "byte", else -1. */
static long chdr__number(const chdr__req *r)
{
    int why = r->why;
    return why == CHDR__NAME_LONG      ? CHDR_NAME_MAX
           : why == CHDR__VALUE_LONG   ? CHDR_VALUE_MAX
           : why == CHDR__FULL_COUNT   ? CHDR_MAX_HEADERS
           : why == CHDR__FULL_BYTES   ? CHDR_STORAGE
           : why == CHDR__BODY_LARGE   ? CHDR_REQUEST_MAX
           : why == CHDR__BODY_SYNTAX  ? (long)r->pos
           : why == CHDR__BODY_TOKENS  ? CHDR_MAX_TOKENS
           : why == CHDR__CONTEXT_LONG ? CHDR_CONTEXT_MAX
                                       : -1;
}

static CHDR__HOT void chdr__render_to(chdr__out *o, const chdr_table *t, const chdr__req *r)
{
    size_t k, n;
    char buf[CHDR_NAME_MAX], d[10];
    if (r->api[2] == '1') CHDR__LIT(o, "{\"apiVersion\":\"1.1\"");
    else CHDR__LIT(o, "{\"apiVersion\":\"1.0\"");
    if (r->tok) {
        if (r->context && r->tok[r->context].type == JSMN_STRING) {
            CHDR__LIT(o, ",\"context\":");
            chdr__emit_tok(o, r, r->context);
        }
        if (r->method && r->tok[r->method].type == JSMN_STRING) {
            CHDR__LIT(o, ",\"method\":");
            chdr__emit_tok(o, r, r->method);
        }
    }
    if (r->why) {
        unsigned int e = chdr__errors[r->why - 1];
        long num = chdr__number(r);
        const char *words;
        CHDR__LIT(o, ",\"error\":{\"code\":");
        chdr__emit(o, d, chdr__num(d, (uint32_t)chdr__code(r->why)));
        CHDR__LIT(o, ",\"message\":\"");
        words = (const char *)&chdr__words + chdr__member_at[e >> 10 & 7u];
        chdr__emit(o, words, chdr__len(words));
        if (r->name) {
            /* a key is valid JSON string text as written, so it can be quoted as it stands */
            CHDR__LIT(o, " \\\"");
            chdr__emit(o, r->js + r->tok[r->name].start,
                       (size_t)(r->tok[r->name].end - r->tok[r->name].start));
            CHDR__LIT(o, "\\\"");
        }
        CHDR__LIT(o, ": ");
        words = (const char *)&chdr__words + (e & 0x3ffu);
        chdr__emit(o, words, chdr__len(words));
        if (num >= 0) {
            CHDR__LIT(o, " ");
            chdr__emit(o, d, chdr__num(d, (uint32_t)num));
        }
        CHDR__LIT(o, "\"}}");
        return;
    }
    CHDR__LIT(o, ",\"data\":{");
    if (r->which == CHDR__VERSIONS) {
        CHDR__LIT(o, "\"apiVersions\":[\"1.0\",\"1.1\"]}}");
        return;
    }
    n = r->which == CHDR__LIST ? t->count : (size_t)r->tok[r->params].size;
    for (k = 0; k < n; k++) {
        if (r->which == CHDR__LIST) {
            chdr__emit_header(o, t, k, k == 0);
        } else {
            int key = chdr__member(r, k);
            chdr__str name = chdr__tokstr(r, key), plain;
            if (r->which == CHDR__SET) {
                int memo = r->tok[key].size;
                if (memo <= 0) {
                    chdr__emit_header(o, t, (size_t)-memo, k == 0);
                } else {
                    chdr__check_name(&name, buf, &plain);
                    chdr__emit_header(o, t, chdr__find(t, &plain), k == 0);
                }
                continue;
            }
            if (k) CHDR__LIT(o, ",");
            chdr__emit_tok(o, r, key);
            CHDR__LIT(o, ":");
            chdr__emit_tok(o, r, key + 1);
        }
    }
    CHDR__LIT(o, "}}");
}

/* Through a local copy, so that speed builds keep the position in registers: no store made
   through out can change it. Size builds keep it out of line: inlined, its buffers would add
   to chdr_handle's frame, under which the deepest checks run. */
static CHDR__HOT CHDR__ONE_COPY void chdr__render(chdr__out *o, const chdr_table *t, const chdr__req *r)
{
    chdr__out w = *o;
    chdr__render_to(&w, t, r);
    *o = w;
}

/* ---- the methods ---------------------------------------------------------------------------- */

CHDR_API size_t chdr_handle(chdr_table *t, const char *req, size_t req_len, char *out, size_t cap)
{
    jsmntok_t tok[CHDR_MAX_TOKENS];
    jsmn_parser parser;
    chdr__req r;
    chdr__out o;
    int pass;
    CHDR_MEMSET(&r, 0, sizeof r);
    r.api = "1.0";
    r.js = req;
    if (req_len > CHDR_REQUEST_MAX) {
        r.why = CHDR__BODY_LARGE;
    } else if (!chdr__quick(&r, req_len, tok, &parser)) {
        /* from the start, or from where the quick reader stopped */
        r.ntok = jsmn_parse(&parser, req, req_len, tok, CHDR_MAX_TOKENS);
        if (r.ntok == JSMN_ERROR_NOMEM) {
            /* Out of tokens: a syntax error further on still comes first (SPEC's order). */
            jsmn_init(&parser);
            r.ntok = jsmn_parse(&parser, req, req_len, NULL, 0);
            if (r.ntok >= 0 || r.ntok == JSMN_ERROR_NOMEM)
                r.ntok = JSMN_ERROR_NOMEM;
        }
        if (r.ntok == JSMN_ERROR_NOMEM) {
            r.why = CHDR__BODY_TOKENS;
        } else if (r.ntok <= 0) {
            r.why = CHDR__BODY_SYNTAX;
            r.pos = parser.pos;
        } else {
            r.tok = tok;
            chdr__read(&r);
        }
    }
    if (!r.why && (r.which == CHDR__SET || r.which == CHDR__REMOVE)) {
        size_t bad, grow = 0;
        chdr__batch b = {0, chdr__get_params, NULL, 0, 0};
        b.n = (size_t)tok[r.params].size;
        b.src = &r;
        b.names_only = r.which == CHDR__REMOVE;
        r.why = chdr__check_batch(t, &b, &bad, &grow);
        if (r.why) r.name = bad < b.n ? chdr__member(&r, bad) : 0;
        else chdr__apply(t, &b, grow);
    }
    /* A response that does not fit is not written at all: size it first unless cap is
       large enough for any response. */
    o.p = out;
    o.cap = cap < CHDR_RESPONSE_MAX ? 0 : cap;
    for (pass = 0; pass < 2; pass++) { /* one call site: speed builds inline it once */
        o.len = 0;
        chdr__render(&o, t, &r);
        if (o.cap || o.len > cap) break;
        o.cap = cap; /* sized, and it fits: now write it */
    }
    return o.len;
}

/* ---- persistence ------------------------------------------------------------------------- */

/* Blob format 1, little-endian:
     0  "CHDR"   4  format (1)   5  header count   6  block length (2)   8  sequence number (4)
    12  the block exactly as chdr_block gives it ("Name: Value\r\n" lines, readable as text)
    12 + length  CRC-32 (IEEE 802.3) of everything before it.
   Bytes after the CRC are ignored, so a whole flash sector can be passed to chdr_load. */
#define CHDR__BLOB_HEAD 12

static uint32_t chdr__crc32(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i, k;
    for (i = 0; i < n; i++)
        for (c ^= p[i], k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    return ~c;
}

static uint32_t chdr__get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void chdr__put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* A blob that passed every check, ready to become the table. */
typedef struct chdr__loaded {
    const unsigned char *block;
    uint32_t seq;
    uint16_t used;
    uint8_t count;
    uint8_t name_len[CHDR_MAX_HEADERS];
    uint16_t end[CHDR_MAX_HEADERS];
} chdr__loaded;

/* Checks a blob without touching any table: head, CRC, then every line against the rules
   a header must follow to be set through the API. */
static int chdr__check_blob(const void *blob, size_t len, chdr__loaded *l)
{
    const unsigned char *p = (const unsigned char *)blob;
    size_t used, pos, i, count = 0, bytes = 0;
    char name[CHDR_NAME_MAX];
    if (len < CHDR__BLOB_HEAD + 4) return CHDR_LOAD_TRUNCATED;
    if (CHDR_MEMCMP(p, "CHDR", 4) != 0) return CHDR_LOAD_MAGIC;
    if (p[4] != 1) return CHDR_LOAD_FORMAT;
    used = (size_t)p[6] | (size_t)p[7] << 8;
    if (len - CHDR__BLOB_HEAD - 4 < used) return CHDR_LOAD_TRUNCATED;
    if (chdr__crc32(p, CHDR__BLOB_HEAD + used) != chdr__get32(p + CHDR__BLOB_HEAD + used))
        return CHDR_LOAD_CHECK;
    if (p[5] > CHDR_MAX_HEADERS || used > CHDR_BLOCK_MAX) return CHDR_LOAD_LIMIT;
    l->block = p + CHDR__BLOB_HEAD;
    l->seq = chdr__get32(p + 8);
    for (pos = 0; pos < used; count++) {
        const char *line = (const char *)l->block + pos;
        size_t n = 0, colon, vlen = 0;
        chdr__str x = {line, 0, 0}, plain;
        while (pos + n < used && line[n] != ':' && line[n] != '\r') n++;
        colon = n;
        while (pos + n < used && line[n] != '\r') n++;
        if (count == CHDR_MAX_HEADERS) return CHDR_LOAD_LIMIT;
        if (colon > CHDR_NAME_MAX) return CHDR_LOAD_LIMIT;
        x.n = colon;
        if (pos + n + 2 > used || line[n + 1] != '\n' || colon + 2 > n || line[colon + 1] != ' ' ||
            chdr__check_name(&x, name, &plain) || CHDR_FORBIDDEN(plain.s, plain.n))
            return CHDR_LOAD_ENTRY;
        x.s = line + colon + 2;
        x.n = n - colon - 2;
        if (x.n > CHDR_VALUE_MAX) return CHDR_LOAD_LIMIT;
        if (chdr__check_value(&x, &vlen)) return CHDR_LOAD_ENTRY;
        for (i = 0; i < count; i++)
            if (chdr__ieq((const char *)l->block + (i ? l->end[i - 1] : 0), l->name_len[i], plain.s,
                          plain.n))
                return CHDR_LOAD_ENTRY;
        bytes += n - 2;
        pos += n + 2;
        l->name_len[count] = (uint8_t)colon;
        l->end[count] = (uint16_t)pos;
    }
    if (count != p[5]) return CHDR_LOAD_ENTRY;
    if (bytes > CHDR_STORAGE) return CHDR_LOAD_LIMIT;
    l->count = (uint8_t)count;
    l->used = (uint16_t)used;
    return CHDR_OK;
}

static void chdr__commit(chdr_table *t, const chdr__loaded *l, uint32_t *seq)
{
    CHDR_MEMCPY(t->block, l->block, l->used);
    CHDR_MEMCPY(t->name_len, l->name_len, sizeof t->name_len);
    CHDR_MEMCPY(t->end, l->end, sizeof t->end);
    t->used = l->used;
    t->count = l->count;
    t->changes++;
    if (seq) *seq = l->seq;
}

CHDR_API size_t chdr_save(const chdr_table *t, uint32_t seq, void *buf, size_t cap)
{
    unsigned char *p = (unsigned char *)buf;
    size_t n = CHDR__BLOB_HEAD + t->used + 4;
    if (n > cap) return n;
    CHDR_MEMCPY(p, "CHDR\1", 5);
    p[5] = t->count;
    p[6] = (unsigned char)t->used;
    p[7] = (unsigned char)(t->used >> 8);
    chdr__put32(p + 8, seq);
    CHDR_MEMCPY(p + CHDR__BLOB_HEAD, t->block, t->used);
    chdr__put32(p + n - 4, chdr__crc32(p, n - 4));
    return n;
}

CHDR_API int chdr_load(chdr_table *t, const void *blob, size_t len, uint32_t *seq)
{
    chdr__loaded l;
    int why = chdr__check_blob(blob, len, &l);
    if (!why) chdr__commit(t, &l, seq);
    return why;
}

CHDR_API int chdr_load_newest(chdr_table *t, const void *a, size_t a_len, const void *b,
                              size_t b_len, uint32_t *seq)
{
    chdr__loaded la, lb;
    int wa = chdr__check_blob(a, a_len, &la), wb = chdr__check_blob(b, b_len, &lb);
    /* b wins when a is bad, or when both are good and b is newer modulo 2^32 */
    int pick_b = !wb && (wa || (lb.seq - la.seq - 1u) < 0x7fffffffu);
    if (wa && wb) return wa;
    chdr__commit(t, pick_b ? &lb : &la, seq);
    return pick_b;
}

CHDR_API const char *chdr_load_reason(int reason)
{
    /* CHDR_OK, then CHDR_LOAD_TRUNCATED (-1) down to CHDR_LOAD_LIMIT (-6), then the rest */
    return chdr__word("loaded\0"
                      "truncated: shorter than its head says\0"
                      "not a customhdr blob\0"
                      "written in a format this release cannot read\0"
                      "CRC mismatch: torn write or corruption\0"
                      "an entry breaks the rules for header names or values\0"
                      "holds more than this build's limits allow\0"
                      "unknown reason",
                      reason <= 0 && reason >= CHDR_LOAD_LIMIT ? -reason : 7);
}

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
