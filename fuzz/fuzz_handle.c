/* fuzz_handle - libFuzzer/AFL++ target for chdr_handle.

   Input: 3 control bytes, then the request body.
     byte 0  bits 0-1: how the second call's cap is chosen (see pick_cap)
             bit 2:    reset with the Axis defaults (else empty) when resetting
             high nibble 0xA: reset the table before this request
     bytes 1-2  a number for the cap
   The table is static and lives across inputs, so sequences of requests build up state; it
   starts with the Axis defaults and is reset when byte 0 says so and every 20000 inputs.

   Oracles (docs/behaviour.md sections 1-3, 5), each a reason to abort:
   - the response is exactly one JSON object, by our tokenizer, by the independent validator
     json_check.h and by cJSON; its members are apiVersion, [context], [method], then exactly
     one of data or error; apiVersion is "1.0" or "1.1"; error is {code, message} with a
     documented code and a non-empty message;
   - a reference model written from docs/behaviour.md predicts the error code (or success) of every
     request cJSON can decode, the response apiVersion, whether context and method are echoed
     (context byte for byte), and the data of each method: list equals the table,
     getSupportedVersions the two versions, set and remove echo params; the table after a
     successful set/remove equals the model's table (in place replacement with the new
     spelling, appends in request order, case-insensitive removal);
   - an error response, list and getSupportedVersions leave the table byte-identical (block,
     count and change counter);
   - the header block keeps the wire grammar (wire_check.h) and chdr_count, chdr_next and
     chdr_find agree with it;
   - buffer contract: called again from the same table with a cap from the input, chdr_handle
     returns the same length, writes the same bytes when they fit and nothing at all when they
     do not, never touches a byte at or past cap, and leaves the same table;
   - streaming: chdr_run and chdr_write window by window give chdr_handle's length, bytes and
     table; chdr_write refuses a state no run filled in, an offset past the end and a table
     changed after the run, writing nothing;
   - running the same request again changes nothing, chdr_changes included (a set or remove
     already applied is a no-op). */
#define _GNU_SOURCE /* memmem */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than any body the library parses can nest: json_check.h then never answers "unsure"
   for depth, so its verdict on every body within CHDR_REQUEST_MAX is a real one. */
#define JC_DEPTH (CHDR_REQUEST_MAX + 1)
#include "json_check.h"
#include "wire_check.h"

#define CANARY 64
#ifndef FUZZ_TOLERATE_F1
#define FUZZ_TOLERATE_F1 1
#endif
#define RESP_TOKENS 512

static chdr_table table, before, after_full;
static char full[CHDR_RESPONSE_MAX + CANARY];
static char again[CHDR_RESPONSE_MAX + CANARY];
static jsmntok_t rtok[RESP_TOKENS], qtok[CHDR_MAX_TOKENS];
static unsigned long runs;
static int started;
static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;

/* what the failing call saw, for the report */
static const uint8_t *cur_req;
static size_t cur_len, resp_len;

static void dump(const char *what, const char *p, size_t n)
{
    fprintf(stderr, "%s (%zu bytes): \"", what, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') fputc(c, stderr);
        else fprintf(stderr, "\\x%02x", c);
    }
    fprintf(stderr, "\"\n");
}

#define FAIL(...)                                                                       \
    do {                                                                                \
        size_t bl_;                                                                     \
        const char *b_ = chdr_block(&before, &bl_);                                     \
        fprintf(stderr, "fuzz_handle oracle violated: ");                               \
        fprintf(stderr, __VA_ARGS__);                                                   \
        fputc('\n', stderr);                                                            \
        dump("table before", b_, bl_);                                                  \
        dump("request", (const char *)cur_req, cur_len);                                \
        dump("response", full, resp_len);                                               \
        abort();                                                                        \
    } while (0)


static void reset(int with_defaults)
{
    chdr_init(&table);
    if (with_defaults && chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK)
        FAIL("chdr_install refused the Axis defaults");
}

static int same_state(const chdr_table *a, const chdr_table *b)
{
    size_t al, bl;
    const char *ab = chdr_block(a, &al), *bb = chdr_block(b, &bl);
    return al == bl && memcmp(ab, bb, al) == 0 && chdr_count(a) == chdr_count(b) &&
           chdr_changes(a) == chdr_changes(b);
}

/* The block keeps the wire grammar and the accessors agree with it. */
static size_t check_table(const chdr_table *t, wire_hdr *h)
{
    size_t len, n = 0;
    const char *b = chdr_block(t, &len);
    const char *why = wire_parse(b, len, h, &n);
    if (why) FAIL("header block broken: %s", why);
    if (chdr_count(t) != n) FAIL("chdr_count %zu, block has %zu lines", chdr_count(t), n);
    chdr_header e;
    size_t k = 0;
    for (size_t p = 0; (p = chdr_next(t, p, &e)) != 0; k++) {
        if (k == n) FAIL("chdr_next yields more headers than the block has");
        if (e.name_len != h[k].name_len || memcmp(e.name, h[k].name, e.name_len) ||
            e.value_len != h[k].value_len || memcmp(e.value, h[k].value, e.value_len))
            FAIL("chdr_next header %zu differs from the block", k);
    }
    if (k != n) FAIL("chdr_next yields %zu headers, the block has %zu", k, n);
    for (k = 0; k < n; k++) {
        char upper[CHDR_NAME_MAX];
        const char *v = NULL;
        size_t vl = 0;
        for (size_t i = 0; i < h[k].name_len; i++) {
            char c = h[k].name[i];
            upper[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (!chdr_find(t, upper, h[k].name_len, &v, &vl) || vl != h[k].value_len || memcmp(v, h[k].value, vl))
            FAIL("chdr_find of header %zu with its case swapped fails", k);
    }
    return n;
}

/* ---- the reference model ----------------------------------------------------------------- */

typedef struct {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} mhdr;

static int str_eq(const cJSON *s, const char *lit) { return cJSON_IsString(s) && strcmp(s->valuestring, lit) == 0; }

static int raw_eq(const char *a, const jsmntok_t *ta, const char *b, const jsmntok_t *tb);

/* Top-level member `name` of a decoded request, its raw value token, and how often it appears. */
typedef struct {
    const cJSON *item;
    int tok; /* index in qtok, or -1 */
} member;

/* First token after the value token v and everything inside it. */
static int skip_tok(const jsmntok_t *t, int n, int v)
{
    int pending = 1, i = v;
    while (pending > 0 && i < n) {
        pending += t[i].size - 1;
        i++;
    }
    return i;
}

static member find_member(const cJSON *obj, int ntok, const char *name)
{
    member m = {NULL, -1};
    int key = 1;
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (strcmp(c->string, name) == 0) {
            m.item = c;
            m.tok = key + 1 < ntok ? key + 1 : -1;
            return m;
        }
        key = skip_tok(qtok, ntok, key + 1);
    }
    return m;
}

/* The next unit of raw JSON string text: an escape gives its character or its \u code unit,
   any other byte itself. */
static unsigned next_unit(const char *s, int end, int *i)
{
    unsigned c = (unsigned char)s[(*i)++];
    if (c != '\\' || *i >= end) return c;
    c = (unsigned char)s[(*i)++];
    switch (c) {
    case 'b': return 8;
    case 'f': return 12;
    case 'n': return 10;
    case 'r': return 13;
    case 't': return 9;
    case 'u': {
        unsigned v = 0;
        for (int k = 0; k < 4 && *i < end; k++, (*i)++) {
            unsigned h = (unsigned char)s[*i];
            v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        return v;
    }
    default: return c;
    }
}

/* The next character of raw JSON string text as RFC 8259 section 8.3 compares names: a raw
   UTF-8 sequence (RFC 3629 table: 110xxxxx, 1110xxxx, 11110xxx leads) gives its code point, an
   escaped surrogate pair the code point it encodes, any other escape its character or code unit
   (a lone escaped surrogate stays that unit: no raw UTF-8 spells one). */
static unsigned next_char(const char *s, int end, int *i)
{
    unsigned c = (unsigned char)s[*i];
    if (c >= 0x80) {
        int tail = (c & 0xf8) == 0xf0 ? 3 : (c & 0xf0) == 0xe0 ? 2 : 1;
        c &= tail == 3 ? 0x07u : tail == 2 ? 0x0fu : 0x1fu;
        for ((*i)++; tail > 0 && *i < end; tail--) c = (c << 6) | ((unsigned char)s[(*i)++] & 0x3fu);
        return c;
    }
    c = next_unit(s, end, i);
    if (c >= 0xd800 && c <= 0xdbff && end - *i >= 6 && s[*i] == '\\' && s[*i + 1] == 'u') {
        int j = *i;
        unsigned low = next_unit(s, end, &j);
        if (low >= 0xdc00 && low <= 0xdfff) {
            *i = j;
            c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        }
    }
    return c;
}

static int chars_eq(const char *js, const jsmntok_t *a, const jsmntok_t *b)
{
    int i = a->start, j = b->start;
    while (i < a->end && j < b->end)
        if (next_char(js, a->end, &i) != next_char(js, b->end, &j)) return 0;
    return i == a->end && j == b->end;
}

/* Whether a top-level member name appears twice, judged on the raw request text (so neither
   cJSON nor unsurrogate()'s mapping of lone surrogates decides it). */
static int any_duplicate_key(const char *req, int ntok)
{
    for (int ka = 1; ka < ntok; ka = skip_tok(qtok, ntok, ka + 1))
        for (int kb = skip_tok(qtok, ntok, ka + 1); kb < ntok; kb = skip_tok(qtok, ntok, kb + 1))
            if (chars_eq(req, &qtok[ka], &qtok[kb])) return 1;
    return 0;
}

enum { UNKNOWN = -1 };

/* The model's verdict: expected error code, 0 for success, UNKNOWN when docs/behaviour.md leaves it open. */
typedef struct {
    int code;
    const char *api;       /* expected apiVersion, or NULL when not predicted */
    int method;            /* 0 list, 1 set, 2 remove, 3 getSupportedVersions, -1 */
    const cJSON *params;
    member context, methodm;
    mhdr table[2 * CHDR_MAX_HEADERS + CHDR_MAX_TOKENS];
    size_t count;
} verdict;

static int model_params(verdict *v, const wire_hdr *pre, size_t pre_n)
{
    const cJSON *p = v->params;
    int remove = v->method == 2;
    size_t bytes = 0;
    for (size_t k = 0; k < pre_n; k++) {
        v->table[k].name = pre[k].name;
        v->table[k].name_len = pre[k].name_len;
        v->table[k].value = pre[k].value;
        v->table[k].value_len = pre[k].value_len;
    }
    v->count = pre_n;
    for (const cJSON *c = p->child; c; c = c->next) {
        size_t nl = strlen(c->string);
        if (!wire_name_ok(c->string, nl)) return CHDR_ERR_INVALID;
        for (const cJSON *d = p->child; d != c; d = d->next)
            if (wire_ieq(d->string, strlen(d->string), c->string, nl)) return CHDR_ERR_INVALID;
        /* removing a forbidden name is no error: it can never be in the table (section 1) */
        if (wire_forbidden(c->string, nl) && !remove) return CHDR_ERR_INVALID;
        if (!remove && (!cJSON_IsString(c) || !wire_value_ok(c->valuestring, strlen(c->valuestring))))
            return CHDR_ERR_INVALID;
    }
    for (const cJSON *c = p->child; c; c = c->next) {
        size_t nl = strlen(c->string), k;
        for (k = 0; k < v->count; k++)
            if (wire_ieq(v->table[k].name, v->table[k].name_len, c->string, nl)) break;
        if (remove) {
            if (k < v->count) {
                memmove(&v->table[k], &v->table[k + 1], (v->count - k - 1) * sizeof v->table[0]);
                v->count--;
            }
            continue;
        }
        if (k == v->count) v->count++;
        v->table[k].name = c->string;
        v->table[k].name_len = nl;
        v->table[k].value = c->valuestring;
        v->table[k].value_len = strlen(c->valuestring);
    }
    for (size_t k = 0; k < v->count; k++) bytes += v->table[k].name_len + v->table[k].value_len;
    if (v->count > CHDR_MAX_HEADERS || bytes > CHDR_STORAGE) return CHDR_ERR_LIMIT;
    return 0;
}

static void model(verdict *v, const char *req, const cJSON *R, int ntok, const wire_hdr *pre, size_t pre_n)
{
    static const char *const names[4] = {"list", "set", "remove", "getSupportedVersions"};
    v->code = UNKNOWN;
    v->api = NULL;
    v->method = -1;
    if (any_duplicate_key(req, ntok)) {
        v->code = CHDR_ERR_SYNTAX;
        return;
    }
    member ver = find_member(R, ntok, "apiVersion");
    v->context = find_member(R, ntok, "context");
    v->methodm = find_member(R, ntok, "method");
    member par = find_member(R, ntok, "params");
    const cJSON *m = v->methodm.item;
    v->api = str_eq(ver.item, "1.1") ? "1.1" : "1.0";
    for (int k = 0; k < 4; k++)
        if (str_eq(m, names[k])) v->method = k;
    const cJSON *ctx = v->context.item;
    size_t ctx_raw = ctx && v->context.tok >= 0 ? (size_t)(qtok[v->context.tok].end - qtok[v->context.tok].start) : 0;
    if (!m) v->code = CHDR_ERR_MISSING;
    else if (!cJSON_IsString(m)) v->code = CHDR_ERR_INVALID;
    else if (v->method < 0) v->code = CHDR_ERR_METHOD;
    else if (v->method != 3 && !ver.item) v->code = CHDR_ERR_MISSING;
    else if (v->method != 3 && !cJSON_IsString(ver.item)) v->code = CHDR_ERR_INVALID;
    else if (v->method != 3 && !str_eq(ver.item, "1.0") && !str_eq(ver.item, "1.1")) v->code = CHDR_ERR_VERSION;
    else if (ctx && !cJSON_IsString(ctx)) v->code = CHDR_ERR_INVALID;
    else if (ctx && ctx_raw > CHDR_CONTEXT_MAX) v->code = CHDR_ERR_INVALID;
    else if (v->method == 0 || v->method == 3) v->code = 0;
    else if (!par.item) v->code = CHDR_ERR_MISSING;
    else if (!cJSON_IsObject(par.item)) v->code = CHDR_ERR_INVALID;
    else if (!par.item->child) v->code = CHDR_ERR_INVALID;
    else {
        v->params = par.item;
        v->code = model_params(v, pre, pre_n);
    }
}

/* ---- the response ------------------------------------------------------------------------- */

/* cJSON refuses escaped lone surrogates, which RFC 8259 allows (our tokenizer and the library
   accept them). For cJSON only, a lone \uDxxx becomes \u0xxx: same length, so raw offsets
   still match, still no ASCII (so still no valid header name or value), and distinct
   surrogates stay distinct. Proper pairs are left alone. */
static int surrogate_at(const char *s, size_t n, size_t i, const char *second)
{
    return i + 5 < n && s[i] == '\\' && s[i + 1] == 'u' && (s[i + 2] == 'd' || s[i + 2] == 'D') && s[i + 3] &&
           strchr(second, s[i + 3]) != NULL;
}

static const char *unsurrogate(char *dst, const char *src, size_t n)
{
    memcpy(dst, src, n);
    for (size_t i = 0; i + 1 < n; i++) {
        if (src[i] != '\\') continue;
        if (surrogate_at(src, n, i, "89abAB") && surrogate_at(src, n, i + 6, "cdefCDEF")) {
            i += 11; /* a pair: leave it, skip both escapes */
            continue;
        }
        if (surrogate_at(src, n, i, "89abcdefABCDEF")) dst[i + 2] = '0';
        i++;
    }
    return dst;
}

static int raw_eq(const char *a, const jsmntok_t *ta, const char *b, const jsmntok_t *tb)
{
    return ta->type == tb->type && ta->end - ta->start == tb->end - tb->start &&
           memcmp(a + ta->start, b + tb->start, (size_t)(ta->end - ta->start)) == 0;
}

static void check_response(const char *req, size_t req_len, wire_hdr *pre, size_t pre_n)
{
    const char *resp = full;
    size_t n = resp_len;
    jsmn_parser p;
    jsmn_init(&p);
    int rn = jsmn_parse(&p, resp, n, rtok, RESP_TOKENS);
    if (rn <= 0 || rtok[0].type != JSMN_OBJECT || rtok[0].start != 0 || (size_t)rtok[0].end != n)
        FAIL("response is not exactly one JSON object by our tokenizer (%d)", rn);
    int top;
    int jv = jc_check(resp, n, 1, &top);
    if (jv == JC_INVALID || top != '{') FAIL("response is not a JSON object by json_check.h");
    static char resp_copy[CHDR_RESPONSE_MAX], req_copy[CHDR_REQUEST_MAX];
    const char *end = NULL, *rj = jv == JC_UNSURE ? unsurrogate(resp_copy, resp, n) : resp;
    cJSON *J = cJSON_ParseWithLengthOpts(rj, n, &end, 0);
    if (!J || !cJSON_IsObject(J) || end != rj + n) FAIL("cJSON does not read the response as one object");

    /* member order */
    const cJSON *c = J->child, *api = NULL, *ctx = NULL, *meth = NULL, *data = NULL, *err = NULL;
    if (!c || strcmp(c->string, "apiVersion") != 0) FAIL("response does not start with apiVersion");
    api = c;
    c = c->next;
    if (c && strcmp(c->string, "context") == 0) ctx = c, c = c->next;
    if (c && strcmp(c->string, "method") == 0) meth = c, c = c->next;
    if (c && strcmp(c->string, "data") == 0) data = c, c = c->next;
    else if (c && strcmp(c->string, "error") == 0) err = c, c = c->next;
    if (c || (!data && !err)) FAIL("response members are not apiVersion, [context], [method], data|error");
    if (!str_eq(api, "1.0") && !str_eq(api, "1.1")) FAIL("response apiVersion is not 1.0 or 1.1");
    if ((ctx && !cJSON_IsString(ctx)) || (meth && !cJSON_IsString(meth))) FAIL("context or method not a string");
    int code = 0;
    if (err) {
        const cJSON *ec = err->child, *em = ec ? ec->next : NULL;
        if (!cJSON_IsObject(err) || !ec || strcmp(ec->string, "code") || !cJSON_IsNumber(ec) || !em ||
            strcmp(em->string, "message") || !cJSON_IsString(em) || em->next)
            FAIL("error is not {code, message}");
        code = ec->valueint;
        if ((double)code != ec->valuedouble ||
            !(code == 1100 || (code >= 2100 && code <= 2104)))
            FAIL("error code %g is not a documented one", ec->valuedouble);
        if (em->valuestring[0] == 0) FAIL("error message is empty");
    } else if (!cJSON_IsObject(data)) {
        FAIL("data is not an object");
    }

    /* every error and every read-only method leaves the table as it was */
    if (err && !same_state(&before, &table)) FAIL("error %d changed the table", code);

    /* the model, where an independent decoder can read the request */
    int rtop;
    int rv = jc_check(req, req_len, 1, &rtop);
    if (req_len > CHDR_REQUEST_MAX) {
        if (code != CHDR_ERR_LIMIT) FAIL("a body over CHDR_REQUEST_MAX got %d, not 1100", code);
        cJSON_Delete(J);
        return;
    }
    if (rv == JC_INVALID) {
#if FUZZ_TOLERATE_F1
        /* Finding F1 (fuzz/README.md, fuzz/regress/handle/f1_*), a documented limit: invalid
           JSON of more than CHDR_MAX_TOKENS tokens that closes back past JSMN_COUNT_DEPTH
           levels gets 1100 instead of 2101; tests/test_regress.c asserts both sides of it. */
        jsmn_init(&p);
        if (code == CHDR_ERR_LIMIT && jsmn_parse(&p, req, req_len, NULL, 0) == JSMN_ERROR_NOMEM) {
            cJSON_Delete(J);
            return;
        }
#endif
        if (code != CHDR_ERR_SYNTAX) FAIL("invalid JSON got %d, not 2101", code);
        cJSON_Delete(J);
        return;
    }
    /* the token count with room to spare (counting mode would stop at JSMN_COUNT_DEPTH) */
    static jsmntok_t many[CHDR_REQUEST_MAX / 2 + 2];
    jsmn_init(&p);
    int ntok = jsmn_parse(&p, req, req_len, many, sizeof many / sizeof many[0]);
    if (ntok > CHDR_MAX_TOKENS) {
        if (code != CHDR_ERR_LIMIT) FAIL("valid JSON of over CHDR_MAX_TOKENS tokens got %d, not 1100", code);
        cJSON_Delete(J);
        return;
    }
    if (ntok <= 0) FAIL("our tokenizer refuses JSON json_check.h accepts (%d)", ntok);
    if (rtop != '{') {
        if (code != CHDR_ERR_SYNTAX) FAIL("a JSON text that is no object got %d, not 2101", code);
        cJSON_Delete(J);
        return;
    }
    /* cJSON ends strings at an escaped NUL, which would make keys look alike */
    if (memmem(req, req_len, "\\u0000", 6)) {
        cJSON_Delete(J);
        return;
    }
    cJSON *R = cJSON_ParseWithLength(rv == JC_UNSURE ? unsurrogate(req_copy, req, req_len) : req, req_len);
    if (!R) FAIL("cJSON refuses a request json_check.h accepts");
    jsmn_init(&p);
    if (jsmn_parse(&p, req, req_len, qtok, CHDR_MAX_TOKENS) != ntok) FAIL("tokenizer not deterministic");

    static verdict v;
    model(&v, req, R, ntok, pre, pre_n);
    if (v.code != UNKNOWN && v.code != code) FAIL("model expects %d, response has %d", v.code, code);
    if (v.code == CHDR_ERR_SYNTAX) goto done;
    if (v.api && !str_eq(api, v.api)) FAIL("apiVersion should be %s", v.api);
    if (cJSON_IsString(v.context.item) != (ctx != NULL)) FAIL("context echoed iff the request's is a string");
    if (ctx) {
        int rt = 0;
        for (int i = 1; i < rn; i = skip_tok(rtok, rn, i + 1))
            if (rtok[i].end - rtok[i].start == 7 && memcmp(resp + rtok[i].start, "context", 7) == 0) rt = i + 1;
        if (!rt || v.context.tok < 0 || !raw_eq(req, &qtok[v.context.tok], resp, &rtok[rt]))
            FAIL("context not echoed byte for byte");
    }
    if (cJSON_IsString(v.methodm.item) != (meth != NULL)) FAIL("method echoed iff the request's is a string");
    if (meth && strcmp(meth->valuestring, v.methodm.item->valuestring)) FAIL("method echoed differently");
    if (code != 0) goto done;

    /* data by method */
    if (v.method == 3) {
        const cJSON *a = data->child;
        if (!a || strcmp(a->string, "apiVersions") || a->next || cJSON_GetArraySize(a) != 2 ||
            !str_eq(cJSON_GetArrayItem(a, 0), "1.0") || !str_eq(cJSON_GetArrayItem(a, 1), "1.1"))
            FAIL("getSupportedVersions data is not {\"apiVersions\":[\"1.0\",\"1.1\"]}");
    }
    if (v.method == 0) {
        size_t k = 0;
        for (const cJSON *d = data->child; d; d = d->next, k++)
            if (k >= pre_n || !cJSON_IsString(d) || strlen(d->string) != pre[k].name_len ||
                memcmp(d->string, pre[k].name, pre[k].name_len) || strlen(d->valuestring) != pre[k].value_len ||
                memcmp(d->valuestring, pre[k].value, pre[k].value_len))
                FAIL("list data member %zu is not table header %zu", k, k);
        if (k != pre_n) FAIL("list data has %zu members, the table %zu", k, pre_n);
    }
    if (v.method == 0 || v.method == 3) {
        if (!same_state(&before, &table)) FAIL("a read-only method changed the table");
    }
    if (v.method == 1 || v.method == 2) {
        const cJSON *d = data->child, *q = v.params->child;
        for (; d && q; d = d->next, q = q->next) {
            if (strcmp(d->string, q->string)) FAIL("data name %s is not params name %s", d->string, q->string);
            if (v.method == 1 && strcmp(d->valuestring, q->valuestring))
                FAIL("data value of %s differs from params", d->string);
        }
        if (d || q) FAIL("data does not echo params member for member");
        if (v.method == 2) {
            /* remove echoes each value as written: compare the raw spans, which also keeps
               numbers like 1e999 out of a floating-point comparison */
            int dt = 0, pt = -1;
            for (int i = 1; i < rn; i = skip_tok(rtok, rn, i + 1))
                if (rtok[i].end - rtok[i].start == 4 && memcmp(resp + rtok[i].start, "data", 4) == 0) dt = i + 1;
            member par = find_member(R, ntok, "params");
            pt = par.tok;
            if (!dt || pt < 0 || rtok[dt].size != qtok[pt].size) FAIL("remove data and params differ in size");
            int a = dt + 1, b = pt + 1;
            for (int k = 0; k < qtok[pt].size; k++) {
                if (!raw_eq(resp, &rtok[a], req, &qtok[b]) || !raw_eq(resp, &rtok[a + 1], req, &qtok[b + 1]))
                    FAIL("remove data member %d is not params member %d as written", k, k);
                a = skip_tok(rtok, rn, a + 1);
                b = skip_tok(qtok, ntok, b + 1);
            }
        }
        wire_hdr post[CHDR_MAX_HEADERS + 1];
        size_t post_n = check_table(&table, post);
        if (post_n != v.count) FAIL("table has %zu headers, the model %zu", post_n, v.count);
        for (size_t k = 0; k < post_n; k++)
            if (post[k].name_len != v.table[k].name_len || memcmp(post[k].name, v.table[k].name, post[k].name_len) ||
                post[k].value_len != v.table[k].value_len ||
                memcmp(post[k].value, v.table[k].value, post[k].value_len))
                FAIL("table header %zu differs from the model's", k);
    }
done:
    cJSON_Delete(R);
    cJSON_Delete(J);
}

/* ---- the driver --------------------------------------------------------------------------- */

static size_t pick_cap(unsigned mode, unsigned num, size_t need)
{
    switch (mode & 3) {
    case 0: return num;                          /* anywhere up to 64 KiB */
    case 1: return need + (num % 3) - (need > 0); /* need - 1, need, need + 1 */
    case 2: return num % (need + 1);             /* always short but one case */
    default: return need;
    }
}

/* The streaming calls, from the table as it was before the request: chdr_run carries the
   request out exactly as chdr_handle did and reports its length; chdr_write gives the same
   bytes window by window, in any order, never writing past its window; it refuses a state no
   run filled in, an offset past the end and a table that changed after the run, writing
   nothing. Running the request again is no change at all (list and errors change nothing, a
   set or remove already applied is a no-op), so chdr_changes stays. */
static chdr_call call;
static void check_stream(const char *req, size_t req_len, unsigned num)
{
    static chdr_table t, u;
    static chdr_call none, old;
    size_t len, win = 1 + num % 300, off, n, want;
    uint32_t changes;
    t = before;
    len = chdr_run(&t, &call, req, req_len);
    if (len != resp_len) FAIL("chdr_run returned %zu, chdr_handle %zu", len, resp_len);
    if (!same_state(&t, &after_full)) FAIL("chdr_run left another table than chdr_handle");
    if (win < len / 16) win = len / 16; /* at most 17 windows: each write renders from the start */
    off = len;
    do {
        off = off >= win ? off - win : 0;
        want = len - off < win ? len - off : win;
        memset(again, 0x5A, win + CANARY);
        if (chdr_write(&call, off, again, win, &n) != CHDR_OK || n != want)
            FAIL("chdr_write at %zu, window %zu: %zu bytes, expected %zu", off, win, n, want);
        if (memcmp(again, full + off, n)) FAIL("chdr_write at %zu: bytes differ from chdr_handle's", off);
        for (size_t i = n; i < win + CANARY; i++)
            if ((unsigned char)again[i] != 0x5A) FAIL("chdr_write at %zu wrote byte %zu of its window", off, i);
    } while (off > 0);
    if (chdr_write(&call, len, again, win, &n) != CHDR_OK || n != 0) FAIL("chdr_write at the end");
    memset(again, 0x5A, win);
    if (chdr_write(&call, len + 1 + num % 7, again, win, &n) != CHDR_ERR_OFFSET || n != 0 ||
        (unsigned char)again[0] != 0x5A)
        FAIL("chdr_write past the end not refused");
    if (chdr_write(&none, 0, again, win, &n) != CHDR_ERR_NO_RUN || n != 0 || (unsigned char)again[0] != 0x5A)
        FAIL("chdr_write on a state no run filled in not refused");

    changes = chdr_changes(&t);
    u = t;
    old = call;
    chdr_run(&t, &call, req, req_len);
    if (chdr_changes(&t) != changes || !same_state(&t, &u)) FAIL("the same request again changed the table");
    if (chdr_set(&t, "X-Stale", 7, num & 1 ? "1" : "2", 1) == CHDR_OK && chdr_changes(&t) != changes &&
        (chdr_write(&old, 0, again, win, &n) != CHDR_ERR_STALE || n != 0 || (unsigned char)again[0] != 0x5A))
        FAIL("chdr_write after a change of the table not refused");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    unsigned flags = data[0], num = (unsigned)data[1] << 8 | data[2];
    const char *req = (const char *)data + 3;
    size_t req_len = size - 3;
    cur_req = data + 3;
    cur_len = req_len;
    resp_len = 0;
    if (!started || (flags & 0xF0) == 0xA0 || ++runs % 20000 == 0) {
        reset(!started || (flags & 4));
        started = 1;
    }
    before = table;
    wire_hdr pre[CHDR_MAX_HEADERS + 1];
    size_t pre_n = check_table(&before, pre);

    memset(full, 0xA5, sizeof full);
    resp_len = chdr_handle(&table, req, req_len, full, CHDR_RESPONSE_MAX);
    if (resp_len == 0 || resp_len > CHDR_RESPONSE_MAX) FAIL("chdr_handle returned %zu", resp_len);
    for (size_t i = CHDR_RESPONSE_MAX; i < sizeof full; i++)
        if ((unsigned char)full[i] != 0xA5) FAIL("byte %zu past cap written", i);
    after_full = table;

    /* the same call from the same table into a smaller or larger buffer */
    size_t cap = pick_cap(flags, num, resp_len);
    if (cap > CHDR_RESPONSE_MAX) cap = CHDR_RESPONSE_MAX;
    table = before;
    memset(again, 0x5A, cap + CANARY);
    size_t m = chdr_handle(&table, req, req_len, again, cap);
    if (m != resp_len) FAIL("cap %zu: returned %zu, with room %zu", cap, m, resp_len);
    if (m <= cap) {
        if (memcmp(again, full, m)) FAIL("cap %zu: response bytes differ", cap);
    } else {
        for (size_t i = 0; i < cap; i++)
            if ((unsigned char)again[i] != 0x5A) FAIL("cap %zu: response does not fit but byte %zu was written", cap, i);
    }
    for (size_t i = cap; i < cap + CANARY; i++)
        if ((unsigned char)again[i] != 0x5A) FAIL("cap %zu: byte %zu at or past cap written", cap, i);
    if (!same_state(&table, &after_full)) FAIL("cap %zu: the table ends differently", cap);

    check_response(req, req_len, pre, pre_n);
    check_stream(req, req_len, num);
    wire_hdr post[CHDR_MAX_HEADERS + 1];
    check_table(&table, post);
    return 0;
}
