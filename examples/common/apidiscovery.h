/* apidiscovery - Axis' API Discovery service (POST /axis-cgi/apidiscovery.cgi) for the examples

   Axis clients look an API up in API Discovery before they use it; a device that hosts the
   Custom HTTP header API lists it there as {"id": "customhttpheader", "version": "1.1",
   "name": "Custom HTTP header", "docLink": ...} (docs/behaviour.md section 3). This file
   answers that service for every example server, from a list of entries the firmware builds (the library
   gives its own entry as CHDR_API_ID, CHDR_API_VERSION and CHDR_API_NAME; APIDISC_CUSTOMHDR
   below is that entry with a docLink).

   Methods: getApiList (apiVersion required: "1.0") answers
       {"apiVersion":"1.0","context":...,"method":"getApiList","data":{"apiList":[{...}]}}
   and getSupportedVersions (apiVersion optional and not checked) answers
       {"apiVersion":"1.0",...,"data":{"apiVersions":["1.0"]}}.
   Same JSON conventions as customhttpheader.cgi (docs/behaviour.md section 1): the body is read
   with the bundled strict tokenizer (jsmn_parse), context (a string, at most CHDR_CONTEXT_MAX
   bytes as written) and method (a string) are echoed as written, members are compared as
   strings of code points, unknown members (params included) are ignored, and errors come in the
   API's reporting order:
     2101 not one JSON object, or a top-level member given twice
     1100 more than APIDISC_MAX_TOKENS tokens, or a body over CHDR_REQUEST_MAX bytes
     2103 method missing   2104 method not a string   2102 method names no method
     2103/2104 apiVersion missing or not a string (getApiList)   2100 apiVersion not "1.0"
     2104 context not a string or too long
   Authentication is the caller's: the examples put the service behind the same admin account
   as the API.

   Header-only: in exactly one C file of a program
       #define APIDISCOVERY_IMPLEMENTATION
       #include "apidiscovery.h"
   after customhdr.h. No heap, no globals; APIDISC_MAX_TOKENS tokens (16 bytes each) on the
   stack. When customhdr.h's implementation is in the same file, its tokenizer is shared;
   otherwise this file compiles its own static copy of jsmn/jsmn.h. */
#ifndef APIDISCOVERY_H
#define APIDISCOVERY_H

#include "customhdr.h"

#include <stddef.h>

#define APIDISC_PATH "/axis-cgi/apidiscovery.cgi"
#define APIDISC_DOC_LINK "https://developer.axis.com/vapix/network-video/custom-http-header-api"
#ifndef APIDISC_MAX_TOKENS
#define APIDISC_MAX_TOKENS 64
#endif

/* One entry of getApiList. Every string is written JSON-escaped. */
typedef struct apidisc_api {
    const char *id;
    const char *version;
    const char *name;
    const char *doc_link;
} apidisc_api;

/* The entry of this library's API, as an initializer: static const apidisc_api apis[] =
   {APIDISC_CUSTOMHDR}; */
#define APIDISC_CUSTOMHDR {CHDR_API_ID, CHDR_API_VERSION, CHDR_API_NAME, APIDISC_DOC_LINK}

/* The largest response for a request of at most CHDR_REQUEST_MAX bytes and a list whose
   entries take at most 1024 bytes of JSON together: fixed text and messages stay under 512
   bytes, and the echoed context and method are spans of the request. */
#define APIDISC_RESPONSE_MAX (512 + 1024 + CHDR_REQUEST_MAX)

/* Answers one request body: writes the JSON response into out[0..cap) and returns its length.
   When it needs more than cap bytes it returns the length it needs and writes nothing past
   cap (what it wrote before is not a response). */
size_t apidisc_handle(const apidisc_api *apis, size_t n_apis, const char *req, size_t len,
                      char *out, size_t cap);

#endif /* APIDISCOVERY_H */

#ifdef APIDISCOVERY_IMPLEMENTATION
#ifndef APIDISCOVERY_IMPLEMENTED
#define APIDISCOVERY_IMPLEMENTED

#ifndef JSMN_H
#ifndef JSMN_STATIC
#define JSMN_STATIC
#endif
#include "jsmn/jsmn.h"
#endif
#ifndef JSMN_STRICT_RFC8259
#error "apidiscovery.h needs the bundled strict jsmn/jsmn.h"
#endif

#include <string.h>

struct apidisc__out {
    char *buf;
    size_t cap, len;
};

static void apidisc__put(struct apidisc__out *w, const char *s, size_t n)
{
    if (w->len < w->cap) memcpy(w->buf + w->len, s, n < w->cap - w->len ? n : w->cap - w->len);
    w->len += n;
}

static void apidisc__str(struct apidisc__out *w, const char *s)
{
    apidisc__put(w, s, strlen(s));
}

static void apidisc__num(struct apidisc__out *w, unsigned long v)
{
    char digits[24];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    apidisc__put(w, digits + i, sizeof digits - i);
}

static unsigned long apidisc__hex4(const char *s)
{
    unsigned long v = 0;
    int k;
    for (k = 0; k < 4; k++) {
        char c = s[k];
        v = v * 16 + (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

/* The next code point of a string token's text s[*i..n), escapes decoded and UTF-8 read. The
   tokenizer has checked both, so only the bounds are guarded. */
static unsigned long apidisc__unit(const char *s, size_t n, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    unsigned long u;
    size_t more, k;
    if (c == '\\' && *i + 1 < n) {
        char e = s[*i + 1];
        *i += 2;
        switch (e) {
        case 'b': return 8;
        case 'f': return 12;
        case 'n': return 10;
        case 'r': return 13;
        case 't': return 9;
        case 'u':
            if (*i + 4 > n) return 0xfffful + 1; /* cannot happen after the tokenizer */
            u = apidisc__hex4(s + *i);
            *i += 4;
            if (u >= 0xd800 && u < 0xdc00 && *i + 6 <= n && s[*i] == '\\' && s[*i + 1] == 'u') {
                unsigned long lo = apidisc__hex4(s + *i + 2);
                if (lo >= 0xdc00 && lo < 0xe000) {
                    *i += 6;
                    return 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                }
            }
            return u;
        default: return (unsigned char)e; /* \" \\ \/ */
        }
    }
    (*i)++;
    if (c < 0x80) return c;
    more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    u = c & (0x3fu >> more);
    for (k = 0; k < more && *i < n; k++) u = u << 6 | ((unsigned char)s[(*i)++] & 0x3fu);
    return u;
}

/* A string token equals the ASCII text lit, compared as code points. */
static int apidisc__is(const char *js, const jsmntok_t *t, const char *lit)
{
    size_t i = (size_t)t->start, n = (size_t)t->end, k = 0;
    if (t->type != JSMN_STRING) return 0;
    while (i < n) {
        if (lit[k] == '\0' || apidisc__unit(js, n, &i) != (unsigned char)lit[k]) return 0;
        k++;
    }
    return lit[k] == '\0';
}

/* Two string tokens hold the same code points. */
static int apidisc__same(const char *js, const jsmntok_t *a, const jsmntok_t *b)
{
    size_t i = (size_t)a->start, j = (size_t)b->start;
    size_t n = (size_t)a->end, m = (size_t)b->end;
    while (i < n && j < m)
        if (apidisc__unit(js, n, &i) != apidisc__unit(js, m, &j)) return 0;
    return i == n && j == m;
}

/* The index after token v and everything inside it. */
static int apidisc__skip(const jsmntok_t *tok, int count, int v)
{
    int j = v + 1;
    while (j < count && tok[j].start < tok[v].end) j++;
    return j;
}

static size_t apidisc__error(struct apidisc__out *w, int code, const char *why)
{
    apidisc__str(w, "\"error\":{\"code\":");
    apidisc__num(w, (unsigned long)code);
    apidisc__str(w, ",\"message\":\"");
    apidisc__str(w, why);
    apidisc__str(w, "\"}}");
    return w->len;
}

size_t apidisc_handle(const apidisc_api *apis, size_t n_apis, const char *req, size_t len,
                      char *out, size_t cap)
{
    enum { VERSION, CONTEXT, METHOD, MEMBERS };
    static const char *const names[MEMBERS] = {"apiVersion", "context", "method"};
    struct apidisc__out w;
    jsmn_parser p;
    jsmntok_t tok[APIDISC_MAX_TOKENS];
    int count, i, k, m, at[MEMBERS] = {0, 0, 0}, dup = 0, list;
    size_t a;

    w.buf = out;
    w.cap = cap;
    w.len = 0;
    apidisc__str(&w, "{\"apiVersion\":\"1.0\",");
    if (len > CHDR_REQUEST_MAX) {
        apidisc__str(&w, "\"error\":{\"code\":1100,\"message\":"
                         "\"body: larger than the byte limit of ");
        apidisc__num(&w, CHDR_REQUEST_MAX);
        apidisc__str(&w, "\"}}");
        return w.len;
    }
    jsmn_init(&p);
    count = jsmn_parse(&p, req, len, tok, APIDISC_MAX_TOKENS);
    if (count == JSMN_ERROR_NOMEM) {
        /* out of tokens: a syntax error further on is still 2101 (docs/behaviour.md section 1) */
        jsmn_init(&p);
        count = jsmn_parse(&p, req, len, NULL, 0);
        if (count >= 0 || count == JSMN_ERROR_NOMEM) {
            apidisc__str(&w, "\"error\":{\"code\":1100,\"message\":"
                             "\"body: more JSON tokens than the limit of ");
            apidisc__num(&w, APIDISC_MAX_TOKENS);
            apidisc__str(&w, "\"}}");
            return w.len;
        }
    }
    if (count < 0) {
        apidisc__str(&w, "\"error\":{\"code\":2101,\"message\":"
                         "\"body: not valid JSON (RFC 8259), it breaks at byte ");
        apidisc__num(&w, p.pos);
        apidisc__str(&w, "\"}}");
        return w.len;
    }
    if (tok[0].type != JSMN_OBJECT)
        return apidisc__error(&w, 2101, "body: not a JSON object");

    /* the members: the first of each name counts; a name given twice is 2101 */
    for (i = 1, m = 0; m < tok[0].size && i + 1 < count; m++) {
        int key = i;
        for (k = 0; k < MEMBERS; k++)
            if (!at[k] && apidisc__is(req, &tok[key], names[k])) at[k] = key + 1;
        if (!dup) {
            int j;
            for (j = 1; j < key; j = apidisc__skip(tok, count, j + 1))
                if (apidisc__same(req, &tok[j], &tok[key])) dup = key;
        }
        i = apidisc__skip(tok, count, key + 1);
    }
    /* at[k] is the value's token index, or 0 */
    if (at[CONTEXT] && tok[at[CONTEXT]].type == JSMN_STRING) {
        apidisc__str(&w, "\"context\":\"");
        apidisc__put(&w, req + tok[at[CONTEXT]].start,
                     (size_t)(tok[at[CONTEXT]].end - tok[at[CONTEXT]].start));
        apidisc__str(&w, "\",");
    }
    if (at[METHOD] && tok[at[METHOD]].type == JSMN_STRING) {
        apidisc__str(&w, "\"method\":\"");
        apidisc__put(&w, req + tok[at[METHOD]].start,
                     (size_t)(tok[at[METHOD]].end - tok[at[METHOD]].start));
        apidisc__str(&w, "\",");
    }
    if (dup) {
        apidisc__str(&w, "\"error\":{\"code\":2101,\"message\":\"body \\\"");
        apidisc__put(&w, req + tok[dup].start, (size_t)(tok[dup].end - tok[dup].start));
        apidisc__str(&w, "\\\": appears twice at the top level\"}}");
        return w.len;
    }
    if (!at[METHOD]) return apidisc__error(&w, 2103, "method: missing");
    if (tok[at[METHOD]].type != JSMN_STRING)
        return apidisc__error(&w, 2104, "method: must be a string");
    list = apidisc__is(req, &tok[at[METHOD]], "getApiList");
    if (!list && !apidisc__is(req, &tok[at[METHOD]], "getSupportedVersions"))
        return apidisc__error(&w, 2102,
                              "method: names no method, use getApiList or getSupportedVersions");
    if (list) {
        if (!at[VERSION]) return apidisc__error(&w, 2103, "apiVersion: missing");
        if (tok[at[VERSION]].type != JSMN_STRING)
            return apidisc__error(&w, 2104, "apiVersion: must be a string");
        if (!apidisc__is(req, &tok[at[VERSION]], "1.0"))
            return apidisc__error(&w, 2100, "apiVersion: not supported, use 1.0");
    }
    if (at[CONTEXT] && tok[at[CONTEXT]].type != JSMN_STRING)
        return apidisc__error(&w, 2104, "context: must be a string");
    if (at[CONTEXT] && tok[at[CONTEXT]].end - tok[at[CONTEXT]].start > CHDR_CONTEXT_MAX) {
        apidisc__str(&w, "\"error\":{\"code\":2104,\"message\":"
                         "\"context: longer than the byte limit of ");
        apidisc__num(&w, CHDR_CONTEXT_MAX);
        apidisc__str(&w, "\"}}");
        return w.len;
    }
    if (!list) {
        apidisc__str(&w, "\"data\":{\"apiVersions\":[\"1.0\"]}}");
        return w.len;
    }
    apidisc__str(&w, "\"data\":{\"apiList\":[");
    for (a = 0; a < n_apis; a++) {
        apidisc__str(&w, a ? ",{\"id\":\"" : "{\"id\":\"");
        apidisc__str(&w, apis[a].id);
        apidisc__str(&w, "\",\"version\":\"");
        apidisc__str(&w, apis[a].version);
        apidisc__str(&w, "\",\"name\":\"");
        apidisc__str(&w, apis[a].name);
        apidisc__str(&w, "\",\"docLink\":\"");
        apidisc__str(&w, apis[a].doc_link);
        apidisc__str(&w, "\"}");
    }
    apidisc__str(&w, "]}}");
    return w.len;
}

#endif /* APIDISCOVERY_IMPLEMENTED */
#endif /* APIDISCOVERY_IMPLEMENTATION */
