/* customhdr - v0.2.4 - the VAPIX(R) Custom HTTP header API (customhttpheader.cgi) for tiny firmware

   One header, no heap, no globals, no recursion, one implementation built for size. It parses the
   API's JSON requests with the bundled strict tokenizer (jsmn/jsmn.h), keeps a fixed-size table
   of custom response headers, writes JSON responses into caller buffers (whole, or window by
   window), and hands the web server the ready "Name: Value\r\n" block it appends to every
   response: a pointer and a length, no copy, no formatting per response.

   USAGE
     In exactly one C file:
         #define CUSTOMHDR_IMPLEMENTATION
         #include "customhdr.h"
     everywhere else just #include "customhdr.h". jsmn/jsmn.h must be reachable beside it.

         static chdr_table table;                (CHDR_BLOCK_MAX + 3 * CHDR_MAX_HEADERS + 8 bytes)
         static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
         chdr_init(&table);
         chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);

     On POST /axis-cgi/customhttpheader.cgi, either the whole response at once:
         static char out[CHDR_RESPONSE_MAX];
         size_t n = chdr_handle(&table, body, body_len, out, sizeof out);
     or through a small buffer, the request carried out once:
         chdr_call call;                                (56 bytes at the defaults)
         size_t len = chdr_run(&table, &call, body, body_len), off = 0, n;
         ... send "Content-Length: len"; then while off < len:
         chdr_write(&call, off, window, sizeof window, &n); send window[0..n); off += n;
     On every response the server sends:
         size_t len; const char *block = chdr_block(&table, &len);   append block[0..len)

   CONFIGURATION (define before including, in every file that includes it; defaults shown)
     CHDR_MAX_HEADERS  16    headers in the table (1..255)
     CHDR_STORAGE      2048  bytes of header names plus values, all headers together
     CHDR_NAME_MAX     64    bytes of one header name (1..255)
     CHDR_VALUE_MAX    1024  bytes of one header value (after JSON escapes are decoded)
     CHDR_CONTEXT_MAX  256   bytes of the request's "context", as written in the request
     CHDR_MAX_TOKENS   64    JSON tokens of one request; they live on chdr_run's stack,
                             sizeof(jsmntok_t) (16 bytes) each
     CHDR_REQUEST_MAX  4096  bytes of one request body; larger bodies get error 1100
     CHDR_FORBIDDEN(name, len)   define it to replace the policy: nonzero for a header name
                             (decoded, len bytes) nobody may set. The default refuses the names
                             of docs/behaviour.md section 2 (framing, hop-by-hop and
                             CGI/server control headers); a policy of one's own adds
                             CHDR_NAME_MAX bytes of stack
     CHDR_API          linkage of the public functions (e.g. `static`); extern by default

   The limits fix CHDR_RESPONSE_MAX, the largest response, and CHDR_BLOB_MAX, the largest blob
   chdr_save can produce: size buffers with them statically.

   LICENSE: MIT, see the end of the file.
*/
#ifndef CUSTOMHDR_H
#define CUSTOMHDR_H

#define CHDR_VERSION "0.2.4"
#define CHDR_VERSION_NUM 204 /* major * 10000 + minor * 100 + patch */

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
#define CHDR_REQUEST_MAX 4096
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

/* The outcome of a call: the API's own error numbers, and the C API's own. */
enum {
    CHDR_OK = 0,
    CHDR_ERR_LIMIT = 1100,   /* internal error or a fixed limit reached (table or storage full) */
    CHDR_ERR_VERSION = 2100, /* apiVersion not supported */
    CHDR_ERR_SYNTAX = 2101,  /* not exactly one JSON object, or a duplicated top-level member */
    CHDR_ERR_METHOD = 2102,  /* no such method */
    CHDR_ERR_MISSING = 2103, /* a required member is missing */
    CHDR_ERR_INVALID = 2104, /* wrong type or invalid value */
    /* chdr_write's refusals, with nothing written */
    CHDR_ERR_NO_RUN = -7,    /* the call state holds no result of chdr_run */
    CHDR_ERR_STALE = -8,     /* the table changed after the run: run the request again */
    CHDR_ERR_OFFSET = -9     /* the offset lies past the end of the response */
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
   so that a lookup compares names without reading the values. */
typedef struct chdr_table {
    uint32_t changes;                   /* bumped by every change, so firmware knows when to save */
    uint16_t used;                      /* bytes of block in use */
    uint8_t count;                      /* headers in the table */
    uint8_t name_len[CHDR_MAX_HEADERS]; /* header i's name starts its line */
    uint16_t end[CHDR_MAX_HEADERS];     /* header i's line ends at end[i], starts at end[i - 1] */
    char block[CHDR_BLOCK_MAX];
} chdr_table;

/* What chdr_run learnt from a request and did with it: all that chdr_write needs besides the
   table and the request's bytes, which must stay as they were until the last window is
   written. Treat the members as private. */
#if CHDR_REQUEST_MAX < 0xffff
typedef uint16_t chdr_offset; /* an offset into a request */
#else
typedef uint32_t chdr_offset;
#endif
typedef struct chdr_call {
    const chdr_table *table;
    const char *req;
    size_t len;       /* the response's length */
    uint32_t changes; /* the table's counter after the run */
    /* [start, end) offsets in req: context and method with their quotes, the key an error
       quotes without them, the params object with its braces; end 0 when absent. pos: where
       a body that is not JSON breaks. */
    chdr_offset context[2], method[2], key[2], params[2], pos;
    uint8_t ready, which, why, api, count;
    uint8_t order[CHDR_MAX_HEADERS]; /* set: the table index of each params member */
} chdr_call;

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
   a larger buffer is safe). Never more than CHDR_RESPONSE_MAX. Not NUL-terminated. */
CHDR_API size_t chdr_handle(chdr_table *t, const char *req, size_t req_len, char *out, size_t cap);

/* Carries out one request and keeps in *c what its response says; returns the response's
   length (at most CHDR_RESPONSE_MAX), for Content-Length. Nothing is written anywhere but the
   table and *c. A req_len over CHDR_REQUEST_MAX is answered 1100 without reading a byte of
   req, so a server can answer an over-long body from its declared length alone. */
CHDR_API size_t chdr_run(chdr_table *t, chdr_call *c, const char *req, size_t req_len);

/* Writes bytes off, off + 1, ... of the response of the run kept in *c into out[0..cap), as
   many as fit before its end; *n gets how many (0 at the end). CHDR_OK; or, with nothing
   written and *n = 0: CHDR_ERR_NO_RUN when no chdr_run filled *c in (a zeroed chdr_call is
   such a state), CHDR_ERR_STALE when the table changed after the run, CHDR_ERR_OFFSET when
   off is past the end. Any window size, any offset order; the request bytes given to
   chdr_run must still be there. */
CHDR_API int chdr_write(const chdr_call *c, size_t off, char *out, size_t cap, size_t *n);

/* The "Name: Value\r\n" block for every response, in table order; valid until the table next
   changes. *len may be 0. */
CHDR_API const char *chdr_block(const chdr_table *t, size_t *len);

/* Sets one header (replacing a case-insensitively equal name in place, taking the new
   spelling; else appending). Returns CHDR_OK, CHDR_ERR_INVALID (bad or forbidden name, bad
   value) or CHDR_ERR_LIMIT (table or storage full); on error the table is unchanged. Setting
   a header to the spelling and value it has is no change (chdr_changes stays). */
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

/* memcpy, memset and memcmp are all it calls from the C library (a compiler may also turn a copy
   loop into memmove, so a firmware supplies that one too). gcc and clang get them through
   builtins, so no libc header is needed in a freestanding build; any compiler can be pointed at
   its own with CHDR_MEMCPY, CHDR_MEMSET and CHDR_MEMCMP. */
#ifndef CHDR_MEMCPY
#if defined(__GNUC__) || defined(__clang__)
#define CHDR_MEMCPY __builtin_memcpy
#define CHDR_MEMSET __builtin_memset
#define CHDR_MEMCMP __builtin_memcmp
#else
#include <string.h>
#define CHDR_MEMCPY memcpy
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

/* A function whose locals must not join its caller's frame: chdr_run's holds the tokens, and
   the deepest checks run under it, so what it calls keeps its buffers to itself. */
#if defined(__GNUC__) || defined(__clang__)
#define CHDR__OUT_OF_LINE __attribute__((noinline))
#else
#define CHDR__OUT_OF_LINE
#endif

/* ---- bytes and validation ---------------------------------------------------------------- */

/* The bytes s[at..end): JSON string text as written in a request (json 1; 2 for a request's
   value that is no string), or raw bytes (json 0: the table, a blob, the C API, our own words).
   s is where the whole buffer starts and every read is s[i] with at <= i < end, so that a read
   stays inside the buffer whenever end does, which is what the proofs need (proof/README.md). */
typedef struct chdr__str {
    const char *s;
    size_t at, end;
    int json;
} chdr__str;

/* The value of the hex digits x->s[k..k + 4), stopping at x->end. */
static uint32_t chdr__hex4(const chdr__str *x, size_t k)
{
    uint32_t c = 0;
    size_t e;
    for (e = k + 4; k < e && k < x->end; k++) {
        uint32_t h = (unsigned char)x->s[k];
        c = c * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return c;
}

/* Reads one character at x->s[*i] (*i < x->end) and moves past it. Raw text yields bytes; JSON
   text yields code points, whether written as UTF-8, as an escape or as an escaped surrogate
   pair, so that names compare as RFC 8259 section 8.3 says. The tokenizer has checked the
   escapes and the UTF-8; the bounds here only keep a bad caller inside x. */
static uint32_t chdr__decode(const chdr__str *x, size_t *i)
{
    size_t k = *i + 1;
    uint32_t c = (unsigned char)x->s[*i];
    if (x->json && c >= 0xc0) {
        unsigned more = c >= 0xf0 ? 3u : c >= 0xe0 ? 2u : 1u;
        for (c &= 0x3fu >> more; more && k < x->end; more--)
            c = c << 6 | ((unsigned char)x->s[k++] & 0x3fu);
    } else if (x->json && c == '\\' && k < x->end) {
        c = (unsigned char)x->s[k++];
        if (c == 'u') {
            c = chdr__hex4(x, k);
            k = x->end - k < 4 ? x->end : k + 4;
            if (c - 0xd800 < 0x400 && k + 5 < x->end && x->s[k] == '\\' && x->s[k + 1] == 'u') {
                uint32_t low = chdr__hex4(x, k + 2);
                if (low - 0xdc00 < 0x400) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                    k += 6;
                }
            }
        } else {
            /* the escape letters and what they stand for; '"', '\\' and '/' stand for themselves */
            static const char esc[] = "b\bf\fn\nr\rt\t";
            size_t e;
            for (e = 0; e < sizeof esc - 1; e += 2)
                if (c == (unsigned char)esc[e]) c = (unsigned char)esc[e + 1];
        }
    }
    *i = k;
    return c;
}

/* The common case, a plain byte, needs no call: escapes and UTF-8 take chdr__decode. */
static uint32_t chdr__char(const chdr__str *x, size_t *i)
{
    uint32_t c = (unsigned char)x->s[*i];
    if (x->json && (c == '\\' || c >= 0x80)) return chdr__decode(x, i);
    ++*i;
    return c;
}

static uint32_t chdr__lower(uint32_t c) { return c - 'A' < 26u ? c + 32 : c; }

/* How chdr__same compares: header names ignore ASCII case; a prefix needs only b used up. */
enum { CHDR__EXACT = 0, CHDR__FOLD = 1, CHDR__PREFIX = 2 };

/* Whether a says the same characters as b (or begins with them, CHDR__PREFIX). */
static int chdr__same(const chdr__str *a, const chdr__str *b, int how)
{
    size_t i = a->at, j = b->at, an = a->end - a->at, bn = b->end - b->at;
    /* JSON text decodes to at most as many characters as it has bytes, raw text to exactly as
       many: raw text matches only text at least as long */
    if ((!b->json && an < bn) || (!a->json && !(how & CHDR__PREFIX) && bn < an) ||
        (!a->json && !b->json && !(how & CHDR__PREFIX) && an != bn))
        return 0;
    while (i < a->end && j < b->end) {
        uint32_t x = chdr__char(a, &i), y = chdr__char(b, &j);
        if (how & CHDR__FOLD) {
            x = chdr__lower(x);
            y = chdr__lower(y);
        }
        if (x != y) return 0;
    }
    return j == b->end && (i == a->end || (how & CHDR__PREFIX));
}

/* The character classes, each defined here and nowhere else. */

/* RFC 9110 tchar: ALPHA DIGIT and !#$%&'*+-.^_`|~, a bit per ASCII code (bit c % 32 of word
   c / 32). */
static int chdr__is_tchar(uint32_t c)
{
    static const uint32_t tchar[4] = {0x00000000u, 0x03ff6cfau, 0xc7fffffeu, 0x57ffffffu};
    return c < 128 && (tchar[c >> 5] >> (c & 31) & 1u);
}

/* Space and tab, which a value may hold but neither start nor end with. */
static int chdr__is_blank(uint32_t c) { return c == ' ' || c == '\t'; }

/* What a value may hold: visible ASCII, space and tab. No CR, LF, NUL or byte >= 0x80 can reach
   the wire, whatever the escapes. */
static int chdr__is_vchar(uint32_t c) { return c == '\t' || c - 0x20 < 0x5fu; }

/* What a table value byte must be escaped as in a JSON string: '"', '\\' and tab (a raw tab is
   not allowed in JSON), the only bytes of chdr__is_vchar that need it. */
static int chdr__needs_escape(char c) { return c == '"' || c == '\\' || c == '\t'; }

/* Why a request or a header fails. Each row of CHDR__REASONS is one reason: its name, the API
   code, the member the message names, the words after it (a member of chdr__words, and how
   many of its first bytes to skip) and the number the message ends with (CHDR__NUM_*). The
   header ones come first, then the request's in the reporting order of docs/behaviour.md
   section 1. */
#define CHDR__REASONS(X)                                       \
    X(NAME_CHAR, INVALID, PARAMS, name_char, 0, NONE)          \
    X(NAME_EMPTY, INVALID, PARAMS, name_empty, 0, NONE)        \
    X(NAME_LONG, INVALID, PARAMS, name_long, 0, NAME)          \
    X(FORBIDDEN, INVALID, PARAMS, forbidden, 0, NONE)          \
    X(VALUE_TYPE, INVALID, PARAMS, value_type, 0, NONE)        \
    X(VALUE_CHAR, INVALID, PARAMS, value_char, 0, NONE)        \
    X(VALUE_EDGE, INVALID, PARAMS, value_edge, 0, NONE)        \
    X(VALUE_LONG, INVALID, PARAMS, value_long, 0, VALUE)       \
    X(DUPLICATE, INVALID, PARAMS, duplicate, 0, NONE)          \
    X(FULL_COUNT, LIMIT, PARAMS, full_count, 0, HEADERS)       \
    X(FULL_BYTES, LIMIT, PARAMS, full_bytes, 0, STORAGE)       \
    X(BODY_LARGE, LIMIT, BODY, body_large, 0, REQUEST)         \
    X(BODY_SYNTAX, SYNTAX, BODY, body_syntax, 0, POS)          \
    X(BODY_TOKENS, LIMIT, BODY, body_tokens, 0, TOKENS)        \
    X(BODY_OBJECT, SYNTAX, BODY, body_object, 0, NONE)         \
    X(BODY_TWICE, SYNTAX, BODY, body_twice, 0, NONE)           \
    X(METHOD_MISSING, MISSING, METHOD, missing, 0, NONE)       \
    X(METHOD_TYPE, INVALID, METHOD, value_type, 6, NONE)       \
    X(METHOD_UNKNOWN, METHOD, METHOD, no_method, 0, NONE)      \
    X(VERSION_MISSING, MISSING, VERSION, missing, 0, NONE)     \
    X(VERSION_TYPE, INVALID, VERSION, value_type, 6, NONE)     \
    X(VERSION_UNSUPPORTED, VERSION, VERSION, unsupported, 0, NONE) \
    X(CONTEXT_TYPE, INVALID, CONTEXT, value_type, 6, NONE)     \
    X(CONTEXT_LONG, INVALID, CONTEXT, name_long, 8, CONTEXT)   \
    X(PARAMS_MISSING, MISSING, PARAMS, missing, 0, NONE)       \
    X(PARAMS_TYPE, INVALID, PARAMS, not_object, 0, NONE)       \
    X(PARAMS_EMPTY, INVALID, PARAMS, params_empty, 0, NONE)

#define CHDR__REASON_ENUM(id, code, member, words, skip, num) CHDR__##id,
enum { CHDR__NONE, CHDR__REASONS(CHDR__REASON_ENUM) CHDR__REASONS_END };

/* The words of the messages, and the member names the request is read with. Each is a member
   of one struct, so that its offset is a constant a row can hold: no pointers, which cost flash
   on small cores. */
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
    X(params_empty, "must name at least one header")                                \
    X(list, "list")                                                                 \
    X(set, "set")                                                                   \
    X(remove, "remove")                                                             \
    X(getSupportedVersions, "getSupportedVersions")                                 \
    X(v1_0, "1.0")                                                                  \
    X(v1_1, "1.1")

#define CHDR__WORD_FIELD(id, text) char id[sizeof(text)];
#define CHDR__WORD_TEXT(id, text) text,
struct chdr__words {
    CHDR__WORDS(CHDR__WORD_FIELD)
};
static const struct chdr__words chdr__words = {CHDR__WORDS(CHDR__WORD_TEXT)};
#define CHDR__AT(word) offsetof(struct chdr__words, word)

/* The members a message names and the request is read for, and the methods, in the order of
   their words above. */
enum { CHDR__PARAMS, CHDR__BODY, CHDR__METHOD, CHDR__VERSION, CHDR__CONTEXT };
enum { CHDR__LIST, CHDR__SET, CHDR__REMOVE, CHDR__VERSIONS };

/* Words as one number each: where they start in chdr__words (bits 0-9) and how many bytes they
   have (bits 10-15), all known when compiling. */
#define CHDR__WORD(word, skip) \
    ((CHDR__AT(word) + (skip)) | (sizeof(((struct chdr__words *)0)->word) - 1 - (skip)) << 10)
static void chdr__word(chdr__str *w, unsigned word)
{
    w->s = (const char *)&chdr__words;
    w->at = word & 0x3ffu;
    w->end = w->at + (word >> 10);
    w->json = 0;
}
static const unsigned short chdr__member_word[] = {
    CHDR__WORD(params, 0), CHDR__WORD(body, 0), CHDR__WORD(method, 0), CHDR__WORD(apiVersion, 0),
    CHDR__WORD(context, 0)};
static const unsigned short chdr__method_word[] = {CHDR__WORD(list, 0), CHDR__WORD(set, 0),
                                                   CHDR__WORD(remove, 0),
                                                   CHDR__WORD(getSupportedVersions, 0)};

/* The number a message ends with. */
enum { CHDR__NUM_NONE, CHDR__NUM_POS, CHDR__NUM_NAME, CHDR__NUM_VALUE, CHDR__NUM_HEADERS,
       CHDR__NUM_STORAGE, CHDR__NUM_REQUEST, CHDR__NUM_TOKENS, CHDR__NUM_CONTEXT };
static const uint32_t chdr__limit[] = {0, 0, CHDR_NAME_MAX, CHDR_VALUE_MAX, CHDR_MAX_HEADERS,
                                       CHDR_STORAGE, CHDR_REQUEST_MAX, CHDR_MAX_TOKENS,
                                       CHDR_CONTEXT_MAX};

/* A row: the words (CHDR__WORD) in bits 0-15, the member in 16-18, the code in 19-21 (0 for
   1100, else the code less 2099), the number in 22-25. */
typedef char chdr__words_fit[sizeof(struct chdr__words) <= 1024 ? 1 : -1];
#define CHDR__REASON_ROW(id, code, member, words, skip, num)                                   \
    ((uint32_t)(CHDR_ERR_##code > CHDR_ERR_LIMIT ? CHDR_ERR_##code - (CHDR_ERR_VERSION - 1) : 0) \
         << 19 |                                                                              \
     (uint32_t)CHDR__##member << 16 | (uint32_t)CHDR__WORD(words, skip) |                     \
     (uint32_t)CHDR__NUM_##num << 22),
static const uint32_t chdr__rows[] = {CHDR__REASONS(CHDR__REASON_ROW)};

/* The API's error number for a reason: the C API's result and the response's code. */
static int chdr__code(int why)
{
    unsigned code = chdr__rows[why - 1] >> 19 & 7u;
    return code ? CHDR_ERR_VERSION - 1 + (int)code : CHDR_ERR_LIMIT;
}

/* Checks header name x, *len its decoded length, decoding it into buf[0..CHDR_NAME_MAX) unless
   buf is NULL; 0 or a reason. */
static int chdr__name(const chdr__str *x, char *buf, size_t *len)
{
    size_t i = x->at, n = 0;
    while (i < x->end) {
        uint32_t c = chdr__char(x, &i);
        if (!chdr__is_tchar(c)) return CHDR__NAME_CHAR;
        if (n == CHDR_NAME_MAX) return CHDR__NAME_LONG;
        if (buf) buf[n] = (char)c;
        n++;
    }
    *len = n;
    return n ? 0 : CHDR__NAME_EMPTY;
}

/* Checks header value x, *len its decoded length; 0 or a reason. */
static int chdr__value(const chdr__str *x, size_t *len)
{
    size_t i = x->at, n = 0;
    uint32_t c = 'x';
    while (i < x->end) {
        c = chdr__char(x, &i);
        if (!chdr__is_vchar(c)) return CHDR__VALUE_CHAR;
        if (n == 0 && chdr__is_blank(c)) return CHDR__VALUE_EDGE;
        if (n++ == CHDR_VALUE_MAX) return CHDR__VALUE_LONG;
    }
    *len = n;
    return chdr__is_blank(c) ? CHDR__VALUE_EDGE : 0;
}

#ifdef CHDR_FORBIDDEN
/* A firmware's own policy reads the name decoded, as raw bytes. */
static CHDR__OUT_OF_LINE int chdr__forbidden(const chdr__str *x)
{
    char name[CHDR_NAME_MAX];
    size_t n = 0;
    chdr__name(x, name, &n);
    return CHDR_FORBIDDEN(name, n);
}
#else
/* The server owns framing, routing and hop-by-hop headers, and CGI hosts and servers act on
   their control headers instead of sending them: a second copy would corrupt, redirect or
   smuggle every response. One name after another; one ending in '*' is a prefix. The name is
   compared as written (JSON or raw), like every other comparison of names. */
static int chdr__forbidden(const chdr__str *x)
{
    static const char list[] = "content-length\0content-type\0content-encoding\0content-range\0"
                               "transfer-encoding\0connection\0keep-alive\0upgrade\0trailer\0te\0"
                               "proxy-connection\0host\0date\0status\0location\0x-sendfile\0"
                               "x-lighttpd-send-file\0x-accel-*";
    chdr__str w = {list, 0, 0, 0};
    /* for the analyser (proof/README.md): walk the constant list name by name */
    /*@ loop unroll 32; */
    while (w.at < sizeof list) {
        size_t n = w.at;
        /*@ loop unroll 32; */
        while (n < sizeof list && list[n]) n++;
        w.end = n - (list[n - 1] == '*');
        if (chdr__same(x, &w, CHDR__FOLD | (w.end < n ? CHDR__PREFIX : 0))) return 1;
        w.at = n + 1;
    }
    return 0;
}
#endif

/* ---- the table ----------------------------------------------------------------------------- */

/* The line of a blob's block starting at s[at]: the return value is where the next line starts
   and *colon where its name ends, or 0 (and *colon untouched) for a line that breaks the framing
   ("name: value\r\n"). */
static size_t chdr__line(const char *s, size_t at, size_t used, size_t *colon)
{
    size_t i = at;
    /*@ widen_hints i, CHDR_BLOCK_MAX; */
    while (i < used && s[i] != ':' && s[i] != '\r') i++;
    if (i + 2 > used || s[i] != ':' || s[i + 1] != ' ') return 0;
    *colon = i;
    /*@ widen_hints i, CHDR_BLOCK_MAX; */
    while (i < used && s[i] != '\r') i++;
    return i + 2 <= used && s[i + 1] == '\n' ? i + 2 : 0;
}

static size_t chdr__start(const chdr_table *t, size_t i) { return i ? t->end[i - 1] : 0; }

/* Index of the header called name (JSON or raw text, n bytes decoded), or t->count. */
static size_t chdr__find(const chdr_table *t, const chdr__str *name, size_t n)
{
    size_t i;
    chdr__str have = {NULL, 0, 0, 0};
    have.s = t->block;
    for (i = 0; i < t->count; i++) {
        if (t->name_len[i] != n) continue;
        have.at = chdr__start(t, i);
        /* for the analyser: no name ends past the block (proof/README.md) */
        have.end = have.at + n > CHDR_BLOCK_MAX ? CHDR_BLOCK_MAX : have.at + n;
        if (chdr__same(&have, name, CHDR__FOLD)) break;
    }
    return i;
}

/* The bytes of header i's line, 0 for i == count. */
static size_t chdr__line_len(const chdr_table *t, size_t i)
{
    return i < t->count ? t->end[i] - chdr__start(t, i) : 0;
}

/* Moves the block's bytes [from, used) to start at to, and used with them: the lines after a
   header that grows, shrinks or goes. Each index is tested against the block as it moves, so
   that every access is inside it on its face (proof/README.md); the tests never fail, since
   chdr__check has made sure the batch fits. */
static void chdr__shift(chdr_table *t, size_t from, size_t to)
{
    /* downwards from the first byte, or upwards from the last, so that no byte is overwritten
       before it has moved */
    size_t s, d, used = t->used, end = used - from + to;
    /* for the analyser: the block's new end is inside it, and so the length it keeps (the test
       never acts) */
    if (end > CHDR_BLOCK_MAX) end = CHDR_BLOCK_MAX;
    if (to < from)
        for (s = from, d = to; s < used && s < CHDR_BLOCK_MAX && d < CHDR_BLOCK_MAX;)
            t->block[d++] = t->block[s++];
    else /* d - 1 wraps past the block when d is 0 */
        for (s = used, d = end; s > from && s <= CHDR_BLOCK_MAX && d - 1 < CHDR_BLOCK_MAX;)
            t->block[--d] = t->block[--s];
    t->used = (uint16_t)end;
}

/* Writes "name: value\r\n" as header i, over its old line or, when i == count, appended. The
   caller has checked that it fits. Writing the same bytes again is no change. */
static void chdr__put(chdr_table *t, size_t i, const chdr__str *name, size_t nlen,
                      const chdr__str *value, size_t vlen)
{
    size_t at = chdr__start(t, i), old = chdr__line_len(t, i), len = nlen + vlen + 4,
           j = name->at, v = value->at, k, d;
    int same = len == old;
    if (!same) {
        chdr__shift(t, at + old, at + len);
        for (k = i; k < t->count; k++) t->end[k] = (uint16_t)(t->end[k] - old + len);
    }
    for (k = 0, d = at; k < len && d < CHDR_BLOCK_MAX; k++, d++) {
        char c = j < name->end     ? (char)chdr__char(name, &j)
                 : k == nlen       ? ':'
                 : k == nlen + 1   ? ' '
                 : v < value->end  ? (char)chdr__char(value, &v)
                 : k + 2 == len    ? '\r'
                                   : '\n';
        if (t->block[d] != c) same = 0;
        t->block[d] = c;
    }
    if (i == t->count) t->end[t->count++] = t->used;
    t->name_len[i] = (uint8_t)nlen;
    if (!same) t->changes++;
}

static void chdr__drop(chdr_table *t, size_t i)
{
    size_t at = chdr__start(t, i), len = t->end[i] - at;
    chdr__shift(t, t->end[i], at);
    for (t->count--; i < t->count; i++) {
        t->end[i] = (uint16_t)(t->end[i + 1] - len);
        t->name_len[i] = t->name_len[i + 1];
    }
    t->changes++;
}

/* A batch of headers to set or remove: from a request's params, a list, one C call or a blob.
   get fills in pair k; all pairs are checked before the table changes. */
typedef struct chdr__pair {
    chdr__str name, value; /* value.json 2: the request's value is no string */
} chdr__pair;

typedef struct chdr__batch {
    size_t n;
    void (*get)(const struct chdr__batch *b, size_t k, chdr__pair *p);
    const void *src; /* what get reads */
    int replace;     /* install or load: the batch becomes the whole table */
    int remove;      /* remove: values are not headers */
} chdr__batch;

/* Checks pair p on its own: name, then (unless it is to be removed) type, forbidden name and
   value. 0 or a reason; *nlen and *vlen get the decoded lengths. */
static int chdr__check_pair(const chdr__batch *b, const chdr__pair *p, size_t *nlen, size_t *vlen)
{
    int why = chdr__name(&p->name, NULL, nlen);
    if (why || b->remove) return why;
    return p->value.json == 2          ? CHDR__VALUE_TYPE
           : chdr__forbidden(&p->name) ? CHDR__FORBIDDEN
                                       : chdr__value(&p->value, vlen);
}

/* Checks every pair and the room the whole batch needs before anything changes, so a batch
   applies completely or not at all. Returns 0 or a reason, with *bad the pair at fault. Pair k
   is found by walking the pairs before it: fine for the table sizes this is built for. */
static int chdr__check(const chdr_table *t, const chdr__batch *b, size_t *bad, size_t *grow)
{
    size_t k, j, count = b->replace ? 0 : t->count;
    size_t bytes = b->replace ? 0 : (size_t)t->used - 4u * t->count;
    for (k = 0; k < b->n; k++) {
        chdr__pair p;
        chdr__str name;
        size_t nlen = 0, vlen = 0, i, old;
        int why;
        *bad = k;
        b->get(b, k, &p);
        why = chdr__check_pair(b, &p, &nlen, &vlen);
        if (why) return why;
        name = p.name;
        for (j = 0; j < k; j++) {
            b->get(b, j, &p);
            if (chdr__same(&p.name, &name, CHDR__FOLD)) return CHDR__DUPLICATE;
        }
        i = b->replace ? t->count : chdr__find(t, &name, nlen);
        if (i == t->count) count++;
        old = chdr__line_len(t, i);
        bytes = bytes + nlen + vlen + 4 - (old ? old : 4);
        if (nlen + vlen + 4 > old) *grow += nlen + vlen + 4 - old;
    }
    *bad = b->n;
    if (b->remove) return 0;
    if (count > CHDR_MAX_HEADERS) return CHDR__FULL_COUNT;
    return bytes > CHDR_STORAGE ? CHDR__FULL_BYTES : 0;
}

/* Applies a checked batch. When the block has room for every header that grows (grow bytes in
   all), in one pass; else first the headers that do not grow, then those that do (new ones
   last, in batch order), so that the block never holds more than the batch's end result. */
static void chdr__apply(chdr_table *t, const chdr__batch *b, size_t grow)
{
    /* pass 0: the headers that do not grow, pass 1: those that do, pass 2: all at once */
    size_t pass, last, k;
    if (b->replace && t->count) {
        t->count = 0;
        t->used = 0;
        t->changes++;
    }
    pass = t->used + grow <= CHDR_BLOCK_MAX ? 2 : 0;
    /* For the analyser: the count grows here, never past what chdr__put allows; and each pair
       is followed on its own, so that a list's strings keep their own lengths. */
    /*@ widen_hints t->count, CHDR_MAX_HEADERS; */
    for (last = pass ? 2 : 1; pass <= last; pass++) {
        /*@ loop unroll CHDR_MAX_HEADERS; */
        for (k = 0; k < b->n; k++) {
            chdr__pair p;
            size_t nlen = 0, vlen = 0, i;
            b->get(b, k, &p);
            chdr__name(&p.name, NULL, &nlen);
            i = chdr__find(t, &p.name, nlen);
            if (b->remove) {
                if (i < t->count) chdr__drop(t, i);
                continue;
            }
            chdr__value(&p.value, &vlen);
            /* i < CHDR_MAX_HEADERS: chdr__check has made sure of it; said here, it keeps the
               table's arrays in bounds on their face (proof/README.md) */
            if (i < CHDR_MAX_HEADERS &&
                (pass == 2 || (nlen + vlen + 4 <= chdr__line_len(t, i)) == (pass == 0)))
                chdr__put(t, i, &p.name, nlen, &p.value, vlen);
        }
    }
}

static int chdr__run_batch(chdr_table *t, const chdr__batch *b)
{
    size_t bad, grow = 0;
    int why = chdr__check(t, b, &bad, &grow);
    if (why) return chdr__code(why);
    chdr__apply(t, b, grow);
    return CHDR_OK;
}

static void chdr__get_one(const chdr__batch *b, size_t k, chdr__pair *p)
{
    (void)k;
    *p = *(const chdr__pair *)b->src;
}

/* Stops one past max: enough to refuse what is too long without reading further. */
static size_t chdr__cstrlen(const char *s, size_t max)
{
    size_t n = 0;
    /*@ loop unroll CHDR_VALUE_MAX + 1; */
    while (n <= max && s[n]) n++;
    return n;
}

static void chdr__get_list(const chdr__batch *b, size_t k, chdr__pair *p)
{
    const chdr_pair *e = (const chdr_pair *)b->src + k;
    p->name.s = e->name;
    p->name.at = 0;
    p->name.end = chdr__cstrlen(e->name, CHDR_NAME_MAX);
    p->value.s = e->value;
    p->value.at = 0;
    p->value.end = chdr__cstrlen(e->value, CHDR_VALUE_MAX);
    p->name.json = p->value.json = 0;
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
    chdr__pair p = {{name, 0, name_len, 0}, {value, 0, value_len, 0}};
    chdr__batch b = {1, chdr__get_one, &p, 0, 0};
    return chdr__run_batch(t, &b);
}

CHDR_API int chdr_remove(chdr_table *t, const char *name, size_t name_len)
{
    chdr__pair p = {{name, 0, name_len, 0}, {name, 0, 0, 0}};
    chdr__batch b = {1, chdr__get_one, &p, 0, 1};
    return chdr__run_batch(t, &b);
}

CHDR_API int chdr_install(chdr_table *t, const chdr_pair *list, size_t n)
{
    chdr__batch b = {n, chdr__get_list, list, 1, 0};
    return chdr__run_batch(t, &b);
}

CHDR_API size_t chdr_next(const chdr_table *t, size_t pos, chdr_header *h)
{
    if (pos >= t->count) return 0;
    h->name = t->block + chdr__start(t, pos);
    h->name_len = t->name_len[pos];
    h->value = h->name + h->name_len + 2;
    h->value_len = chdr__line_len(t, pos) - h->name_len - 4;
    return pos + 1;
}

CHDR_API int chdr_find(const chdr_table *t, const char *name, size_t name_len, const char **value,
                       size_t *value_len)
{
    chdr_header h = {NULL, 0, NULL, 0};
    chdr__str x = {name, 0, name_len, 0};
    size_t i = chdr__find(t, &x, name_len);
    if (!chdr_next(t, i, &h)) return 0;
    if (value) *value = h.value;
    if (value_len) *value_len = h.value_len;
    return 1;
}

CHDR_API size_t chdr_count(const chdr_table *t) { return t->count; }

CHDR_API uint32_t chdr_changes(const chdr_table *t) { return t->changes; }

/* ---- reading the request ------------------------------------------------------------------ */

/* The tokens of a request, while chdr_run reads it. */
typedef struct chdr__req {
    const char *js;
    const jsmntok_t *tok;
    int ntok;
    int member[5]; /* value token of each CHDR__PARAMS ... member; 0 when absent */
} chdr__req;

/* Token i's text as written (JSON) in *x. */
static void chdr__tokstr(chdr__str *x, const chdr__req *r, int i)
{
    x->s = r->js;
    x->at = (size_t)r->tok[i].start;
    x->end = (size_t)r->tok[i].end;
    x->json = 1;
}

/* Whether token i is a string that says what word (CHDR__WORD) says. */
static int chdr__is(const chdr__req *r, int i, unsigned word)
{
    chdr__str x, w;
    chdr__tokstr(&x, r, i);
    chdr__word(&w, word);
    return r->tok[i].type == JSMN_STRING && chdr__same(&x, &w, CHDR__EXACT);
}

/* The token after value token v and everything nested in it: those that start before v ends
   (nothing starts inside a string or a primitive). Callers pass a v below the token count. */
static int chdr__skip(const chdr__req *r, int v)
{
    int j = v + 1;
    /* for the analyser: j stops at the token count */
    /*@ widen_hints j, CHDR_MAX_TOKENS; */
    while (j < r->ntok && r->tok[j].start < r->tok[v].end) j++;
    return j;
}

/* The key token of the k-th member of params. Callers ask only for members params has, so a key
   and its value are always there; the tests against ntok say so where the analyser can see it,
   and keep any index this returns, and the one after it, inside the token array. */
static int chdr__key(const chdr__req *r, size_t k)
{
    int key = r->member[CHDR__PARAMS] + 1;
    for (; k > 0 && key + 1 < r->ntok; k--) key = chdr__skip(r, key + 1);
    return key + 1 < r->ntok ? key : 1;
}

static void chdr__get_params(const chdr__batch *b, size_t k, chdr__pair *p)
{
    const chdr__req *r = (const chdr__req *)b->src;
    int key = chdr__key(r, k);
    chdr__tokstr(&p->name, r, key);
    chdr__tokstr(&p->value, r, key + 1);
    p->value.json = r->tok[key + 1].type == JSMN_STRING ? 1 : 2;
}

/* Token i's span as c keeps it: a string's text between its quotes, any other value whole. */
static void chdr__span(chdr_offset span[2], const chdr__req *r, int i)
{
    span[0] = (chdr_offset)r->tok[i].start;
    span[1] = (chdr_offset)r->tok[i].end;
}

/* Finds the members, refusing a duplicated one, keeps what the response echoes and checks them
   in the order docs/behaviour.md section 1 fixes for reporting. */
static int chdr__read(chdr__req *r, chdr_call *c)
{
    const jsmntok_t *tok = r->tok;
    int k, j, m, dup = 0, *at = r->member;
    if (tok[0].type != JSMN_OBJECT) return CHDR__BODY_OBJECT;
    /* k + 1 < ntok: every key has its value after it, so this is k < ntok in a way that keeps
       the value's index in the array for the analyser */
    for (k = 1; k + 1 < r->ntok; k = chdr__skip(r, k + 1)) {
        chdr__str key, seen;
        chdr__tokstr(&key, r, k);
        for (m = 0; m < 5; m++)
            if (chdr__is(r, k, chdr__member_word[m]) && !at[m]) at[m] = k + 1;
        /* the first key that repeats an earlier one is the one the 2101 response quotes */
        for (j = 1; !dup && j < k; j = chdr__skip(r, j + 1)) {
            chdr__tokstr(&seen, r, j);
            if (chdr__same(&seen, &key, CHDR__EXACT)) dup = k;
        }
    }
    if (dup) chdr__span(c->key, r, dup);
    for (m = 0; m < 4; m++)
        if (at[CHDR__METHOD] && chdr__is(r, at[CHDR__METHOD], chdr__method_word[m])) c->which = (uint8_t)m;
    if (at[CHDR__VERSION] && chdr__is(r, at[CHDR__VERSION], CHDR__WORD(v1_1, 0))) c->api = 1;
    if (at[CHDR__METHOD] && tok[at[CHDR__METHOD]].type == JSMN_STRING)
        chdr__span(c->method, r, at[CHDR__METHOD]);
    if (at[CHDR__CONTEXT] && tok[at[CHDR__CONTEXT]].type == JSMN_STRING)
        chdr__span(c->context, r, at[CHDR__CONTEXT]);
    if (at[CHDR__PARAMS]) chdr__span(c->params, r, at[CHDR__PARAMS]);
    if (dup) return CHDR__BODY_TWICE;
    /* each member in the reporting order (docs/behaviour.md section 1): missing when needed,
       then its type, then its value */
    for (k = 0; k < 4; k++) {
        static const unsigned char member[4] = {CHDR__METHOD, CHDR__VERSION, CHDR__CONTEXT,
                                                CHDR__PARAMS};
        /* the first of each member's reasons; context is never missing, it is optional */
        static const unsigned char first[4] = {CHDR__METHOD_MISSING, CHDR__VERSION_MISSING,
                                               CHDR__CONTEXT_TYPE - 1, CHDR__PARAMS_MISSING};
        int v = at[member[k]], need = k == 0                 ? 1
                                      : k == 1               ? c->which != CHDR__VERSIONS
                                      : k == 3               ? c->which == CHDR__SET || c->which == CHDR__REMOVE
                                                             : 0;
        if (!v && need) return first[k];
        if (!v || (!need && k != 2)) continue;
        if (tok[v].type != (k == 3 ? JSMN_OBJECT : JSMN_STRING)) return first[k] + 1;
        if (k == 0   ? c->which > CHDR__VERSIONS
            : k == 1 ? !c->api && !chdr__is(r, v, CHDR__WORD(v1_0, 0))
            : k == 2 ? tok[v].end - tok[v].start > CHDR_CONTEXT_MAX
                     : tok[v].size == 0)
            return first[k] + 2;
    }
    return 0;
}

/* ---- writing the response ----------------------------------------------------------------- */

/* The response is written from its first byte every time; only the bytes that fall in the
   window [off, off + cap) are stored, so any window of it can be asked for. */
typedef struct chdr__out {
    char *p;
    size_t off, cap, len;
} chdr__out;

/* The response's only writer: WP proves (proof/README.md) that it writes nothing but the
   window's cap bytes, whatever off, len and the text are. */
/*@ requires \valid(o) && \valid(o->p + (0 .. o->cap - 1)) && \valid_read(s + (at .. end - 1));
    requires \separated(o, o->p + (0 .. o->cap - 1));
    assigns o->len, o->p[0 .. o->cap - 1]; */
static void chdr__emit(chdr__out *o, const char *s, size_t at, size_t end)
{
    /* s[at..end) lands at len: a byte at d = len - off is stored when d is inside the window */
    /*@ loop invariant \at(at, Pre) <= at;
        loop assigns at, o->len, o->p[0 .. o->cap - 1];
        loop variant end - at; */
    for (; at < end; at++, o->len++) {
        size_t d = o->len - o->off;
        if (o->len >= o->off && d < o->cap) o->p[d] = s[at];
    }
}

/* A literal, through a call with one argument fewer at each of the renderer's many uses */
static CHDR__OUT_OF_LINE void chdr__emit_text(chdr__out *o, const char *s, size_t n)
{
    chdr__emit(o, s, 0, n);
}
#define CHDR__LIT(o, lit) chdr__emit_text(o, lit, sizeof(lit) - 1)

/* One of the words (CHDR__WORD). */
static void chdr__emit_word(chdr__out *o, unsigned word)
{
    chdr__str w;
    chdr__word(&w, word);
    chdr__emit(o, w.s, w.at, w.end);
}

/* Decimal by subtracting powers of ten: Cortex-M0+ has no divide instruction, and a call
   into libgcc for it would be the library's only dependency beyond mem*. */
static void chdr__num(chdr__out *o, uint32_t v)
{
    static const uint32_t pow10[10] = {1000000000u, 100000000u, 10000000u, 1000000u, 100000u,
                                       10000u,      1000u,      100u,      10u,      1u};
    size_t k;
    int lead = 1;
    for (k = 0; k < 10; k++) {
        char c = '0';
        while (v >= pow10[k]) { /* at most 9 times: v < 10 * pow10[k] (k = 0: 4 times) */
            v -= pow10[k];
            c++;
        }
        if (c != '0' || !lead || k == 9) {
            lead = 0;
            chdr__emit(o, &c, 0, 1);
        }
    }
}

/* Header i of the table as a member of data: "name":"value", after a comma unless first. */
static void chdr__emit_header(chdr__out *o, const chdr_table *t, size_t i, int first)
{
    const char *b = t->block;
    size_t k, run, colon, end, j;
    /* for the analyser: a header the table holds, whose line ends inside the block (neither
       test ever acts, proof/README.md) */
    if (i >= t->count) return;
    run = chdr__start(t, i);
    colon = run + t->name_len[i];
    end = t->end[i] - 2u;
    if (end > CHDR_BLOCK_MAX) end = CHDR_BLOCK_MAX;
    chdr__emit(o, ",\"", first != 0, 2);
    /* "name: value" in one pass, as runs of bytes as they are: the ": " becomes "\":\"", each
       byte that needs it is escaped (a name, all token characters, has none) */
    for (k = run; k < end; k++) {
        char c = b[k];
        if (k != colon && !chdr__needs_escape(c)) continue;
        chdr__emit(o, b, run, k);
        j = k == colon ? 0 : c == '\t' ? 3 : c == '"' ? 5 : 7;
        chdr__emit(o, "\":\"\\t\\\"\\\\", j, j + 2 + (k == colon));
        run = k + 1 + (k == colon);
    }
    chdr__emit(o, b, run, end);
    CHDR__LIT(o, "\"");
}

/* The members of the object s[at..end) (its braces left out) as written but for the whitespace
   between them: the data of a remove. The text was tokenized, so this walk only has to tell
   strings and nested values apart from that whitespace; the closing brace, the only one met
   outside a nested value, ends the last run. */
static void chdr__emit_members(chdr__out *o, const char *s, size_t at, size_t end)
{
    size_t depth = 0, run = at + 1;
    int in_string = 0, escaped = 0;
    for (at++; at < end; at++) {
        char c = s[at];
        if (in_string) {
            if (escaped) escaped = 0;
            else if (c == '\\') escaped = 1;
            else if (c == '"') in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (depth && (c == '}' || c == ']')) {
            depth--;
        } else if (!depth && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '}')) {
            chdr__emit(o, s, run, at);
            run = at + 1;
        }
    }
}

static void chdr__emit_span(chdr__out *o, const chdr_call *c, const chdr_offset span[2])
{
    chdr__emit(o, c->req, span[0], span[1]);
}

/* Writes the response's bytes [off, off + cap) into out; returns its whole length. */
static CHDR__OUT_OF_LINE size_t chdr__render(const chdr_call *c, size_t off, char *out, size_t cap)
{
    const chdr_table *t = c->table;
    chdr__out window = {NULL, 0, 0, 0}, *o = &window;
    size_t k, n;
    o->p = out;
    o->off = off;
    o->cap = cap;
    CHDR__LIT(o, "{\"apiVersion\":\"1.");
    chdr__emit(o, "01", c->api, c->api + 1u);
    CHDR__LIT(o, "\"");
    if (c->context[1]) {
        CHDR__LIT(o, ",\"context\":\"");
        chdr__emit_span(o, c, c->context);
        CHDR__LIT(o, "\"");
    }
    if (c->method[1]) {
        CHDR__LIT(o, ",\"method\":\"");
        chdr__emit_span(o, c, c->method);
        CHDR__LIT(o, "\"");
    }
    /* for the analyser: one reason at a time, so that each row's fields are constants */
    /*@ split c->why; */
    if (c->why) {
        uint32_t row = chdr__rows[c->why - 1], num = row >> 22;
        CHDR__LIT(o, ",\"error\":{\"code\":");
        chdr__num(o, (uint32_t)chdr__code(c->why));
        CHDR__LIT(o, ",\"message\":\"");
        chdr__emit_word(o, chdr__member_word[row >> 16 & 7u]);
        if (c->key[1]) {
            /* a key is valid JSON string text as written, so it can be quoted as it stands */
            CHDR__LIT(o, " \\\"");
            chdr__emit_span(o, c, c->key);
            CHDR__LIT(o, "\\\"");
        }
        CHDR__LIT(o, ": ");
        chdr__emit_word(o, row & 0xffffu);
        if (num) {
            CHDR__LIT(o, " ");
            chdr__num(o, num == CHDR__NUM_POS ? c->pos : chdr__limit[num]);
        }
        CHDR__LIT(o, "\"}}");
        return o->len;
    }
    CHDR__LIT(o, ",\"data\":{");
    if (c->which == CHDR__VERSIONS) CHDR__LIT(o, "\"apiVersions\":[\"1.0\",\"1.1\"]");
    if (c->which == CHDR__REMOVE) chdr__emit_members(o, c->req, c->params[0], c->params[1]);
    n = c->which == CHDR__LIST ? t->count : c->which == CHDR__SET ? c->count : 0;
    for (k = 0; k < n; k++) chdr__emit_header(o, t, c->which == CHDR__SET ? c->order[k] : k, k == 0);
    CHDR__LIT(o, "}}");
    return o->len;
}

/* ---- the methods ---------------------------------------------------------------------------- */

#define CHDR__READY 0xa5

/* Tokenizes the request and reads its members into *r and *c: 0 or a reason. */
static CHDR__OUT_OF_LINE int chdr__parse(chdr__req *r, chdr_call *c, size_t len, jsmntok_t *tok)
{
    jsmn_parser parser;
    int why;
    if (len > CHDR_REQUEST_MAX) return CHDR__BODY_LARGE;
    jsmn_init(&parser);
    r->ntok = jsmn_parse(&parser, r->js, len, tok, CHDR_MAX_TOKENS);
    if (r->ntok == JSMN_ERROR_NOMEM) {
        /* Out of tokens: a syntax error further on still comes first (docs/behaviour.md
           section 1). */
        jsmn_init(&parser);
        r->ntok = jsmn_parse(&parser, r->js, len, NULL, 0);
        if (r->ntok >= 0) r->ntok = JSMN_ERROR_NOMEM;
    }
    /* For the analyser: a parse that failed stays apart from one that gave tokens. */
    /*@ split r->ntok <= 0; */
    why = r->ntok == JSMN_ERROR_NOMEM ? CHDR__BODY_TOKENS
          : r->ntok <= 0              ? CHDR__BODY_SYNTAX
                                      : chdr__read(r, c);
    c->pos = (chdr_offset)parser.pos;
    return why;
}

/* A set echoes each header as the table holds it after the set: where each params member is. */
static CHDR__OUT_OF_LINE void chdr__echo_order(const chdr_table *t, const chdr__batch *b,
                                               chdr_call *c)
{
    size_t k, nlen = 0;
    for (k = 0; k < b->n && k < CHDR_MAX_HEADERS; k++) {
        chdr__pair p;
        chdr__get_params(b, k, &p);
        chdr__name(&p.name, NULL, &nlen);
        c->order[k] = (uint8_t)chdr__find(t, &p.name, nlen);
        c->count = (uint8_t)(k + 1);
    }
}

/* Carries out a set or remove whose request passed chdr__read: 0 or a reason. */
static CHDR__OUT_OF_LINE int chdr__carry_out(chdr_table *t, chdr__req *r, chdr_call *c)
{
    size_t bad, grow = 0;
    chdr__batch b = {0, chdr__get_params, NULL, 0, 0};
    int why;
    b.n = (size_t)r->tok[r->member[CHDR__PARAMS]].size;
    b.src = r;
    b.remove = c->which == CHDR__REMOVE;
    why = chdr__check(t, &b, &bad, &grow);
    if (why && bad < b.n) chdr__span(c->key, r, chdr__key(r, bad));
    if (why) return why;
    chdr__apply(t, &b, grow);
    if (!b.remove) chdr__echo_order(t, &b, c);
    return 0;
}

/* chdr_run, rendering the response into out[0..cap) on the way (cap 0: only its length). */
static size_t chdr__run(chdr_table *t, chdr_call *c, const char *req, size_t req_len, char *out,
                        size_t cap)
{
    /* zeroed before the parse, so that no token is ever read uninitialized, as the proofs
       (proof/README.md) show */
    jsmntok_t tok[CHDR_MAX_TOKENS];
    chdr__req r;
    int why;
    CHDR_MEMSET(c, 0, sizeof *c);
    CHDR_MEMSET(&r, 0, sizeof r);
    CHDR_MEMSET(tok, 0, sizeof tok);
    c->table = t;
    c->req = req;
    c->which = 0xff;
    r.js = req;
    r.tok = tok;
    why = chdr__parse(&r, c, req_len, tok);
    if (!why && (c->which == CHDR__SET || c->which == CHDR__REMOVE)) why = chdr__carry_out(t, &r, c);
    c->why = (uint8_t)why;
    c->changes = t->changes;
    c->ready = CHDR__READY;
    c->len = chdr__render(c, 0, out, cap);
    return c->len;
}

CHDR_API size_t chdr_run(chdr_table *t, chdr_call *c, const char *req, size_t req_len)
{
    return chdr__run(t, c, req, req_len, NULL, 0);
}

CHDR_API int chdr_write(const chdr_call *c, size_t off, char *out, size_t cap, size_t *n)
{
    *n = 0;
    if (c->ready != CHDR__READY) return CHDR_ERR_NO_RUN;
    if (c->changes != c->table->changes) return CHDR_ERR_STALE;
    if (off > c->len) return CHDR_ERR_OFFSET;
    /* no more than is left: the window's end, off + cap, then stays within the response */
    *n = c->len - off < cap ? c->len - off : cap;
    chdr__render(c, off, out, *n);
    return CHDR_OK;
}

CHDR_API size_t chdr_handle(chdr_table *t, const char *req, size_t req_len, char *out, size_t cap)
{
    chdr_call c;
    size_t len, n;
    /* room for any response: written as it is worked out; else measured first, so that a
       response that does not fit is not written at all */
    if (cap >= CHDR_RESPONSE_MAX) return chdr__run(t, &c, req, req_len, out, cap);
    len = chdr_run(t, &c, req, req_len);
    if (len <= cap) chdr_write(&c, 0, out, cap, &n);
    return len;
}

/* ---- persistence ------------------------------------------------------------------------- */

/* Blob format 1, little-endian:
     0  "CHDR"   4  format (1)   5  header count   6  block length (2)   8  sequence number (4)
    12  the block exactly as chdr_block gives it ("Name: Value\r\n" lines, readable as text)
    12 + length  CRC-32 (IEEE 802.3) of everything before it.
   Bytes after the CRC are ignored, so a whole flash sector can be passed to chdr_load. */
#define CHDR__BLOB_HEAD 12

/*@ requires \valid_read(p + (0 .. n - 1));
    assigns \nothing; */
static uint32_t chdr__crc32(const char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i, k;
    /*@ loop invariant i <= n;
        loop assigns i, k, c;
        loop variant n - i; */
    for (i = 0; i < n; i++)
        /*@ loop invariant k <= 8;
            loop assigns k, c;
            loop variant 8 - k; */
        for (c ^= (unsigned char)p[i], k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    return ~c;
}

static uint32_t chdr__get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*@ requires \valid(p + (0 .. 3));
    assigns p[0 .. 3]; */
static void chdr__put32(char *p, uint32_t v)
{
    p[0] = (char)v;
    p[1] = (char)(v >> 8);
    p[2] = (char)(v >> 16);
    p[3] = (char)(v >> 24);
}

/* A blob's block, while its lines are checked as a batch. */
typedef struct chdr__blob {
    const char *block;
    size_t used;
} chdr__blob;

static void chdr__get_line(const chdr__batch *b, size_t k, chdr__pair *p)
{
    const chdr__blob *x = (const chdr__blob *)b->src;
    size_t at = 0, colon = 0, end = 0;
    do {
        at = end;
        end = chdr__line(x->block, at, x->used, &colon);
    } while (k-- > 0);
    p->name.s = p->value.s = x->block;
    p->name.at = at;
    p->name.end = colon;
    p->value.at = colon + 2;
    /* a checked line ends in "\r\n" after its ": ": said so that the analyser sees no wrap */
    p->value.end = end > colon + 2 ? end - 2 : colon + 2;
    p->name.json = p->value.json = 0;
}

/* Checks a blob without touching any table: head, CRC, the framing of each line, then every
   header against the rules it would meet through the API, as chdr_install checks a list. */
static int chdr__check_blob(const chdr_table *t, const void *blob, size_t len, chdr__blob *x)
{
    const unsigned char *p = (const unsigned char *)blob;
    size_t at = 0, count = 0, colon, bad, grow = 0;
    chdr__batch b = {0, chdr__get_line, NULL, 1, 0};
    int why;
    if (len < CHDR__BLOB_HEAD + 4) return CHDR_LOAD_TRUNCATED;
    if (CHDR_MEMCMP(p, "CHDR", 4) != 0) return CHDR_LOAD_MAGIC;
    if (p[4] != 1) return CHDR_LOAD_FORMAT;
    x->used = (size_t)p[6] | (size_t)p[7] << 8;
    if (len - CHDR__BLOB_HEAD - 4 < x->used) return CHDR_LOAD_TRUNCATED;
    if (chdr__crc32((const char *)p, CHDR__BLOB_HEAD + x->used) !=
        chdr__get32(p + CHDR__BLOB_HEAD + x->used))
        return CHDR_LOAD_CHECK;
    if (p[5] > CHDR_MAX_HEADERS || x->used > CHDR_BLOCK_MAX) return CHDR_LOAD_LIMIT;
    x->block = (const char *)p + CHDR__BLOB_HEAD;
    for (; at < x->used; count++)
        if (!(at = chdr__line(x->block, at, x->used, &colon))) return CHDR_LOAD_ENTRY;
    if (count != p[5]) return CHDR_LOAD_ENTRY;
    b.n = count;
    b.src = x;
    why = chdr__check(t, &b, &bad, &grow);
    if (why == CHDR__NAME_LONG || why == CHDR__VALUE_LONG || why == CHDR__FULL_BYTES)
        return CHDR_LOAD_LIMIT;
    return why ? (int)CHDR_LOAD_ENTRY : (int)CHDR_OK;
}

/* A checked blob becomes the table: its block is the one the table would hold. */
static void chdr__commit(chdr_table *t, const void *blob, const chdr__blob *x, uint32_t *seq)
{
    const unsigned char *p = (const unsigned char *)blob;
    size_t at = 0, colon = 0, k;
    CHDR_MEMCPY(t->block, x->block, x->used);
    t->used = (uint16_t)x->used;
    t->count = p[5];
    for (k = 0; k < t->count; k++) {
        size_t next = chdr__line(t->block, at, t->used, &colon);
        t->name_len[k] = (uint8_t)(colon - at);
        t->end[k] = (uint16_t)next;
        at = next;
    }
    t->changes++;
    if (seq) *seq = chdr__get32(p + 8);
}

/* WP proves (proof/README.md) that it writes nothing but buf[0..cap). */
/*@ requires \valid_read(t) && t->used <= CHDR_BLOCK_MAX;
    requires \valid((char *)buf + (0 .. cap - 1));
    requires \separated(t, (char *)buf + (0 .. cap - 1));
    assigns ((char *)buf)[0 .. cap - 1]; */
CHDR_API size_t chdr_save(const chdr_table *t, uint32_t seq, void *buf, size_t cap)
{
    char *p = (char *)buf;
    size_t n = CHDR__BLOB_HEAD + t->used + 4;
    if (n > cap) return n;
    CHDR_MEMCPY(p, "CHDR\1", 5);
    p[5] = (char)t->count;
    p[6] = (char)t->used;
    p[7] = (char)(t->used >> 8);
    chdr__put32(p + 8, seq);
    CHDR_MEMCPY(p + CHDR__BLOB_HEAD, t->block, n - CHDR__BLOB_HEAD - 4);
    chdr__put32(p + n - 4, chdr__crc32(p, n - 4));
    return n;
}

CHDR_API int chdr_load(chdr_table *t, const void *blob, size_t len, uint32_t *seq)
{
    chdr__blob x;
    int why = chdr__check_blob(t, blob, len, &x);
    if (!why) chdr__commit(t, blob, &x, seq);
    return why;
}

CHDR_API int chdr_load_newest(chdr_table *t, const void *a, size_t a_len, const void *b,
                              size_t b_len, uint32_t *seq)
{
    chdr__blob xa, xb;
    int wa = chdr__check_blob(t, a, a_len, &xa), wb = chdr__check_blob(t, b, b_len, &xb);
    /* b wins when a is bad, or when both are good and b is newer modulo 2^32 */
    int pick_b = !wb && (wa || (chdr__get32((const unsigned char *)b + 8) -
                                chdr__get32((const unsigned char *)a + 8) - 1u) < 0x7fffffffu);
    if (wa && wb) return wa;
    if (pick_b) chdr__commit(t, b, &xb, seq);
    else chdr__commit(t, a, &xa, seq);
    return pick_b;
}

CHDR_API const char *chdr_load_reason(int reason)
{
    /* CHDR_OK, then CHDR_LOAD_TRUNCATED (-1) down to CHDR_LOAD_LIMIT (-6), then the rest */
    const char *s = "loaded\0"
                    "truncated\0"
                    "not a customhdr blob\0"
                    "unknown format\0"
                    "CRC mismatch\0"
                    "bad header\0"
                    "over this build's limits\0"
                    "unknown reason";
    int k = reason <= 0 && reason >= CHDR_LOAD_LIMIT ? -reason : 7;
    for (; k > 0; k--) {
        size_t n = 0;
        while (n < 64 && s[n]) n++;
        s += n + 1;
    }
    return s;
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
