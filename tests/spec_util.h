/* spec_util.h - what the docs/behaviour.md behaviour tests share: a small strict RFC 8259 reader for the
 * responses, a request runner that checks the bound and the shape of every response, and
 * expectations that report the test's own line.
 *
 * Include after customhdr.h and tinytest.h. Test code, so it keeps its state in file-scope
 * variables and may recurse; none of that applies to the library. Kept valid C99 and C++11. */
#ifndef SPEC_UTIL_H
#define SPEC_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define SP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SP_UNUSED __attribute__((unused))
#else
#define SP_PRINTF(f, a)
#define SP_UNUSED
#endif

/* ---- failure reporting at the caller's line ----------------------------------------------- */

static void sp_fail(const char *file, int line, const char *fmt, ...) SP_PRINTF(3, 4);
SP_UNUSED static void sp_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    tt_current_failed = 1;
    fprintf(stderr, "FAIL %s (%s:%d): ", tt_current, file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Prints bytes so that CR, LF and other controls are visible in a failure message. */
SP_UNUSED static void sp_show(const char *what, const char *s, size_t n)
{
    size_t i, shown = n > 600 ? 600 : n;
    fprintf(stderr, "    %s (%zu bytes): ", what, n);
    for (i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r') fputs("\\r", stderr);
        else if (c == '\n') fputs("\\n", stderr);
        else if (c < 0x20 || c >= 0x7f) fprintf(stderr, "\\x%02x", c);
        else fputc(c, stderr);
    }
    if (shown < n) fputs("...", stderr);
    fputc('\n', stderr);
}

/* ---- a strict JSON reader (RFC 8259, RFC 3629 UTF-8) --------------------------------------- */

enum { SJ_OBJ = 1, SJ_ARR, SJ_STR, SJ_NUM, SJ_TRUE, SJ_FALSE, SJ_NULL };

typedef struct sj_node {
    int type;
    size_t start, end; /* the raw text; quotes included for strings */
    int next;          /* the index just past this node's subtree */
    int size;          /* members of an object, items of an array */
    size_t dec, dlen;  /* a string's decoded bytes in sj_doc.dec */
} sj_node;

#define SJ_NODES 8192
#define SJ_DEC (4 * CHDR_RESPONSE_MAX + 65536)
#define SJ_DEPTH 64

typedef struct sj_doc {
    const char *s;
    size_t n, i, dn;
    int nn, depth;
    const char *err;
    sj_node node[SJ_NODES];
    char dec[SJ_DEC];
} sj_doc;

static int sj_value(sj_doc *d);

SP_UNUSED static void sj_ws(sj_doc *d)
{
    while (d->i < d->n && (d->s[d->i] == ' ' || d->s[d->i] == '\t' || d->s[d->i] == '\n' ||
                           d->s[d->i] == '\r'))
        d->i++;
}

SP_UNUSED static int sj_bad(sj_doc *d, const char *why)
{
    if (!d->err) d->err = why;
    return -1;
}

SP_UNUSED static int sj_newnode(sj_doc *d, int type)
{
    sj_node *x;
    if (d->nn == SJ_NODES) return sj_bad(d, "too many nodes for the test reader");
    x = &d->node[d->nn];
    memset(x, 0, sizeof *x);
    x->type = type;
    x->start = d->i;
    return d->nn++;
}

SP_UNUSED static void sj_put(sj_doc *d, unsigned long c)
{
    /* UTF-8 encode; lone surrogates are kept as 3-byte sequences so nothing is lost */
    unsigned char b[4];
    size_t k, n;
    if (c < 0x80) { b[0] = (unsigned char)c; n = 1; }
    else if (c < 0x800) { b[0] = (unsigned char)(0xc0 | c >> 6); b[1] = (unsigned char)(0x80 | (c & 63)); n = 2; }
    else if (c < 0x10000) {
        b[0] = (unsigned char)(0xe0 | c >> 12); b[1] = (unsigned char)(0x80 | (c >> 6 & 63));
        b[2] = (unsigned char)(0x80 | (c & 63)); n = 3;
    } else {
        b[0] = (unsigned char)(0xf0 | c >> 18); b[1] = (unsigned char)(0x80 | (c >> 12 & 63));
        b[2] = (unsigned char)(0x80 | (c >> 6 & 63)); b[3] = (unsigned char)(0x80 | (c & 63)); n = 4;
    }
    for (k = 0; k < n; k++)
        if (d->dn < SJ_DEC) d->dec[d->dn++] = (char)b[k];
        else sj_bad(d, "decoded text too long for the test reader");
}

SP_UNUSED static int sj_hex4(sj_doc *d, unsigned long *v)
{
    int k;
    *v = 0;
    if (d->n - d->i < 4) return sj_bad(d, "short \\u escape");
    for (k = 0; k < 4; k++) {
        char h = d->s[d->i++];
        unsigned long x;
        if (h >= '0' && h <= '9') x = (unsigned long)(h - '0');
        else if (h >= 'a' && h <= 'f') x = (unsigned long)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') x = (unsigned long)(h - 'A' + 10);
        else return sj_bad(d, "bad hex digit in \\u escape");
        *v = *v * 16 + x;
    }
    return 0;
}

/* One raw UTF-8 sequence starting at a byte >= 0x80 (RFC 3629 section 4). */
SP_UNUSED static int sj_utf8(sj_doc *d)
{
    const unsigned char *p = (const unsigned char *)d->s + d->i;
    size_t left = d->n - d->i, need, k;
    unsigned lo = 0x80, hi = 0xbf;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) need = 1;
    else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        need = 2;
        if (p[0] == 0xe0) lo = 0xa0;
        if (p[0] == 0xed) hi = 0x9f;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        need = 3;
        if (p[0] == 0xf0) lo = 0x90;
        if (p[0] == 0xf4) hi = 0x8f;
    } else return sj_bad(d, "invalid UTF-8 lead byte");
    if (left < need + 1) return sj_bad(d, "truncated UTF-8");
    if (p[1] < lo || p[1] > hi) return sj_bad(d, "invalid UTF-8 continuation");
    for (k = 2; k <= need; k++)
        if (p[k] < 0x80 || p[k] > 0xbf) return sj_bad(d, "invalid UTF-8 continuation");
    for (k = 0; k <= need; k++) /* raw bytes are kept as they are */
        if (d->dn < SJ_DEC) d->dec[d->dn++] = (char)p[k];
        else return sj_bad(d, "decoded text too long for the test reader");
    d->i += need + 1;
    return 0;
}

SP_UNUSED static int sj_string(sj_doc *d)
{
    int at = sj_newnode(d, SJ_STR);
    if (at < 0) return -1;
    d->i++; /* the opening quote */
    d->node[at].dec = d->dn;
    for (;;) {
        unsigned char c;
        if (d->i >= d->n) return sj_bad(d, "unterminated string");
        c = (unsigned char)d->s[d->i];
        if (c == '"') { d->i++; break; }
        if (c < 0x20) return sj_bad(d, "raw control character in string");
        if (c >= 0x80) {
            if (sj_utf8(d) < 0) return -1;
            continue;
        }
        if (c != '\\') { sj_put(d, c); d->i++; continue; }
        if (++d->i >= d->n) return sj_bad(d, "unterminated escape");
        c = (unsigned char)d->s[d->i++];
        switch (c) {
        case '"': case '\\': case '/': sj_put(d, c); break;
        case 'b': sj_put(d, '\b'); break;
        case 'f': sj_put(d, '\f'); break;
        case 'n': sj_put(d, '\n'); break;
        case 'r': sj_put(d, '\r'); break;
        case 't': sj_put(d, '\t'); break;
        case 'u': {
            unsigned long u, v;
            if (sj_hex4(d, &u) < 0) return -1;
            if (u >= 0xd800 && u < 0xdc00 && d->n - d->i >= 6 && d->s[d->i] == '\\' &&
                d->s[d->i + 1] == 'u') {
                size_t back = d->i;
                d->i += 2;
                if (sj_hex4(d, &v) < 0) return -1;
                if (v >= 0xdc00 && v < 0xe000) u = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
                else d->i = back;
            }
            sj_put(d, u);
            break;
        }
        default: return sj_bad(d, "bad escape");
        }
    }
    d->node[at].dlen = d->dn - d->node[at].dec;
    d->node[at].end = d->i;
    d->node[at].next = at + 1;
    return at;
}

SP_UNUSED static int sj_digits(sj_doc *d)
{
    size_t s = d->i;
    while (d->i < d->n && d->s[d->i] >= '0' && d->s[d->i] <= '9') d->i++;
    return d->i > s ? 0 : sj_bad(d, "digit expected");
}

SP_UNUSED static int sj_number(sj_doc *d)
{
    int at = sj_newnode(d, SJ_NUM);
    if (at < 0) return -1;
    if (d->s[d->i] == '-') d->i++;
    if (d->i < d->n && d->s[d->i] == '0') d->i++;
    else if (sj_digits(d) < 0) return -1;
    if (d->i < d->n && d->s[d->i] == '.') {
        d->i++;
        if (sj_digits(d) < 0) return -1;
    }
    if (d->i < d->n && (d->s[d->i] == 'e' || d->s[d->i] == 'E')) {
        d->i++;
        if (d->i < d->n && (d->s[d->i] == '+' || d->s[d->i] == '-')) d->i++;
        if (sj_digits(d) < 0) return -1;
    }
    d->node[at].end = d->i;
    d->node[at].next = at + 1;
    return at;
}

SP_UNUSED static int sj_literal(sj_doc *d, const char *word, int type)
{
    size_t n = strlen(word);
    int at;
    if (d->n - d->i < n || memcmp(d->s + d->i, word, n) != 0) return sj_bad(d, "bad literal");
    at = sj_newnode(d, type);
    if (at < 0) return -1;
    d->i += n;
    d->node[at].end = d->i;
    d->node[at].next = at + 1;
    return at;
}

SP_UNUSED static int sj_container(sj_doc *d, int obj)
{
    int at = sj_newnode(d, obj ? SJ_OBJ : SJ_ARR);
    char close = obj ? '}' : ']';
    if (at < 0) return -1;
    if (++d->depth > SJ_DEPTH) return sj_bad(d, "nested too deep for the test reader");
    d->i++;
    sj_ws(d);
    if (d->i < d->n && d->s[d->i] == close) {
        d->i++;
    } else {
        for (;;) {
            sj_ws(d);
            if (obj) {
                if (d->i >= d->n || d->s[d->i] != '"') return sj_bad(d, "member name expected");
                if (sj_string(d) < 0) return -1;
                sj_ws(d);
                if (d->i >= d->n || d->s[d->i] != ':') return sj_bad(d, "':' expected");
                d->i++;
            }
            if (sj_value(d) < 0) return -1;
            d->node[at].size++;
            sj_ws(d);
            if (d->i < d->n && d->s[d->i] == ',') { d->i++; continue; }
            if (d->i < d->n && d->s[d->i] == close) { d->i++; break; }
            return sj_bad(d, "',' or close expected");
        }
    }
    d->depth--;
    d->node[at].end = d->i;
    d->node[at].next = d->nn;
    return at;
}

SP_UNUSED static int sj_value(sj_doc *d)
{
    char c;
    sj_ws(d);
    if (d->i >= d->n) return sj_bad(d, "value expected");
    c = d->s[d->i];
    if (c == '{') return sj_container(d, 1);
    if (c == '[') return sj_container(d, 0);
    if (c == '"') return sj_string(d);
    if (c == '-' || (c >= '0' && c <= '9')) return sj_number(d);
    if (c == 't') return sj_literal(d, "true", SJ_TRUE);
    if (c == 'f') return sj_literal(d, "false", SJ_FALSE);
    if (c == 'n') return sj_literal(d, "null", SJ_NULL);
    return sj_bad(d, "value expected");
}

/* Parses exactly one JSON text; 0 on success, else -1 with d->err set. */
SP_UNUSED static int sj_parse(sj_doc *d, const char *s, size_t n)
{
    d->s = s;
    d->n = n;
    d->i = 0;
    d->dn = 0;
    d->nn = 0;
    d->depth = 0;
    d->err = NULL;
    if (sj_value(d) < 0) return -1;
    sj_ws(d);
    if (d->i != d->n) return sj_bad(d, "bytes after the value");
    return 0;
}

/* The k-th member's key node of object obj (values follow their key), or -1. */
SP_UNUSED static int sj_key(const sj_doc *d, int obj, int k)
{
    int i = obj + 1, j;
    if (obj < 0 || d->node[obj].type != SJ_OBJ || k >= d->node[obj].size) return -1;
    for (j = 0; j < k; j++) i = d->node[i + 1].next;
    return i;
}

SP_UNUSED static int sj_streq(const sj_doc *d, int at, const char *s, size_t n)
{
    return at >= 0 && d->node[at].type == SJ_STR && d->node[at].dlen == n &&
           memcmp(d->dec + d->node[at].dec, s, n) == 0;
}

/* The value node of member name in object obj (the first one), or -1. */
SP_UNUSED static int sj_get(const sj_doc *d, int obj, const char *name)
{
    int k, key;
    if (obj < 0 || d->node[obj].type != SJ_OBJ) return -1;
    for (k = 0; k < d->node[obj].size; k++) {
        key = sj_key(d, obj, k);
        if (sj_streq(d, key, name, strlen(name))) return key + 1;
    }
    return -1;
}

SP_UNUSED static int sj_raweq(const sj_doc *d, int at, const char *raw)
{
    size_t n = strlen(raw);
    return at >= 0 && d->node[at].end - d->node[at].start == n &&
           memcmp(d->s + d->node[at].start, raw, n) == 0;
}

/* ---- running requests ---------------------------------------------------------------------- */

#define SP_SLACK 256
#define SP_CANARY 0xA5

static char sp_out[CHDR_RESPONSE_MAX + SP_SLACK];
static size_t sp_len;
static sj_doc sp_doc;
/* the response's members, as node indices of sp_doc, -1 when absent */
static int sp_api, sp_ctx, sp_meth, sp_data, sp_err;
static long sp_code;       /* error.code, or 0 */
static const char *sp_msg; /* error.message decoded (into sp_doc.dec) */
static size_t sp_msg_len;

/* Checks the response shape docs/behaviour.md section 1 fixes for every response; fills sp_api etc. */
SP_UNUSED static int sp_shape(const char *file, int line, const char *r, size_t n)
{
    sj_doc *d = &sp_doc;
    int k, key, seen = 0;
    static const char *const order[] = {"apiVersion", "context", "method", "data", "error"};
    sp_api = sp_ctx = sp_meth = sp_data = sp_err = -1;
    sp_code = 0;
    sp_msg = NULL;
    sp_msg_len = 0;
    if (sj_parse(d, r, n) < 0) {
        sp_fail(file, line, "response is not one JSON text: %s at byte %zu", d->err, d->i);
        sp_show("response", r, n);
        return 0;
    }
    if (d->node[0].type != SJ_OBJ) {
        sp_fail(file, line, "response is not a JSON object");
        return 0;
    }
    for (k = 0; k < d->node[0].size; k++) {
        int which, *slot[5];
        slot[0] = &sp_api; slot[1] = &sp_ctx; slot[2] = &sp_meth; slot[3] = &sp_data; slot[4] = &sp_err;
        key = sj_key(d, 0, k);
        for (which = 0; which < 5; which++)
            if (sj_streq(d, key, order[which], strlen(order[which]))) break;
        if (which == 5) {
            sp_fail(file, line, "response has a member docs/behaviour.md does not list");
            sp_show("response", r, n);
            return 0;
        }
        /* data and error share the last place, so "after" means after method */
        if (which < seen || (which >= 3 && (sp_data >= 0 || sp_err >= 0))) {
            sp_fail(file, line, "response member %s out of the reporting order or repeated", order[which]);
            sp_show("response", r, n);
            return 0;
        }
        seen = which + 1;
        *slot[which] = key + 1;
    }
    if (sp_api < 0 || (!sj_streq(d, sp_api, "1.0", 3) && !sj_streq(d, sp_api, "1.1", 3))) {
        sp_fail(file, line, "response apiVersion missing or not a supported version");
        sp_show("response", r, n);
        return 0;
    }
    if ((sp_ctx >= 0 && d->node[sp_ctx].type != SJ_STR) ||
        (sp_meth >= 0 && d->node[sp_meth].type != SJ_STR)) {
        sp_fail(file, line, "response context/method is not a string");
        return 0;
    }
    if ((sp_data < 0) == (sp_err < 0)) {
        sp_fail(file, line, "response must have exactly one of data and error");
        sp_show("response", r, n);
        return 0;
    }
    if (sp_data >= 0 && d->node[sp_data].type != SJ_OBJ) {
        sp_fail(file, line, "response data is not an object");
        return 0;
    }
    if (sp_err >= 0) {
        int c = sj_get(d, sp_err, "code"), m = sj_get(d, sp_err, "message");
        size_t i;
        if (d->node[sp_err].type != SJ_OBJ || d->node[sp_err].size != 2 || c < 0 || m < 0 ||
            d->node[c].type != SJ_NUM || d->node[m].type != SJ_STR || d->node[m].dlen == 0) {
            sp_fail(file, line, "error is not {\"code\": <int>, \"message\": \"<non-empty>\"}");
            sp_show("response", r, n);
            return 0;
        }
        for (i = d->node[c].start; i < d->node[c].end; i++) {
            if (r[i] < '0' || r[i] > '9') {
                sp_fail(file, line, "error.code is not a plain integer");
                return 0;
            }
            sp_code = sp_code * 10 + (r[i] - '0');
        }
        sp_msg = d->dec + d->node[m].dec;
        sp_msg_len = d->node[m].dlen;
    }
    return 1;
}

/* Runs one request from an exact-size heap copy (so the sanitizers see any read past
   req_len) with a buffer of CHDR_RESPONSE_MAX; checks the bound, that nothing is written past
   cap, and the response shape. Returns 1 when all of that holds. */
SP_UNUSED static int sp_run(const char *file, int line, chdr_table *t, const char *req, size_t n)
{
    char *copy = (char *)malloc(n ? n : 1);
    size_t i;
    int ok = 1;
    if (!copy) abort();
    copy[0] = 0;
    if (n) memcpy(copy, req, n);
    memset(sp_out, SP_CANARY, sizeof sp_out);
    sp_len = chdr_handle(t, copy, n, sp_out, CHDR_RESPONSE_MAX);
    if (n && memcmp(copy, req, n) != 0) {
        sp_fail(file, line, "chdr_handle changed the request bytes");
        ok = 0;
    }
    free(copy);
    if (sp_len > CHDR_RESPONSE_MAX) {
        sp_fail(file, line, "response length %zu > CHDR_RESPONSE_MAX %zu", sp_len,
                (size_t)CHDR_RESPONSE_MAX);
        sp_show("request", req, n);
        return 0;
    }
    for (i = CHDR_RESPONSE_MAX; i < sizeof sp_out; i++)
        if ((unsigned char)sp_out[i] != SP_CANARY) {
            sp_fail(file, line, "chdr_handle wrote past cap at offset %zu", i);
            ok = 0;
            break;
        }
    if (!sp_shape(file, line, sp_out, sp_len)) {
        sp_show("request", req, n);
        ok = 0;
    }
    return ok;
}

/* The whole response, byte for byte. */
SP_UNUSED static void sp_expect(const char *file, int line, chdr_table *t, const char *req, size_t n,
                      const char *want)
{
    sp_run(file, line, t, req, n);
    if (sp_len != strlen(want) || memcmp(sp_out, want, sp_len) != 0) {
        sp_fail(file, line, "response differs");
        sp_show("request ", req, n);
        sp_show("got     ", sp_out, sp_len);
        sp_show("expected", want, strlen(want));
    }
}

/* sp_maybe as an expected context/method: the member may be absent (section 1 lets a body that could
   not be tokenized leave them out) or present with any value. */
static const char sp_maybe[] = "(may be absent)";

/* One of the |-separated words appears in the message. */
SP_UNUSED static int sp_msg_names(const char *words)
{
    const char *w = words;
    while (*w) {
        const char *e = strchr(w, '|');
        size_t wl = e ? (size_t)(e - w) : strlen(w), i;
        for (i = 0; wl && i + wl <= sp_msg_len; i++)
            if (memcmp(sp_msg + i, w, wl) == 0) return 1;
        if (!e) break;
        w = e + 1;
    }
    return 0;
}

/* An error response: the code, apiVersion, context and method as raw JSON text (NULL: must be
   absent; sp_maybe: may be absent), the compact prefix up to the message, and a message that
   names one of words (NULL: any non-empty message). */
SP_UNUSED static void sp_expect_error(const char *file, int line, chdr_table *t, const char *req, size_t n,
                            long code, const char *api, const char *ctx, const char *meth,
                            const char *words)
{
    char prefix[2048];
    if (!sp_run(file, line, t, req, n)) return;
    if (sp_err < 0 || sp_code != code) {
        sp_fail(file, line, "expected error %ld, got %s %ld", code, sp_err < 0 ? "success" : "error",
                sp_code);
        sp_show("request ", req, n);
        sp_show("response", sp_out, sp_len);
        return;
    }
    if (!sj_raweq(&sp_doc, sp_api, api)) {
        sp_fail(file, line, "error response apiVersion should be %s", api);
        sp_show("response", sp_out, sp_len);
    }
    if (ctx != sp_maybe && (ctx ? !sj_raweq(&sp_doc, sp_ctx, ctx) : sp_ctx >= 0)) {
        sp_fail(file, line, "error response context should be %s", ctx ? ctx : "absent");
        sp_show("request ", req, n);
        sp_show("response", sp_out, sp_len);
    }
    if (meth != sp_maybe && (meth ? !sj_raweq(&sp_doc, sp_meth, meth) : sp_meth >= 0)) {
        sp_fail(file, line, "error response method should be %s", meth ? meth : "absent");
        sp_show("request ", req, n);
        sp_show("response", sp_out, sp_len);
    }
    if (ctx != sp_maybe && meth != sp_maybe && strlen(ctx ? ctx : "") < 1024 &&
        strlen(meth ? meth : "") < 512) {
        snprintf(prefix, sizeof prefix, "{\"apiVersion\":%s%s%s%s%s,\"error\":{\"code\":%ld,\"message\":\"",
                 api, ctx ? ",\"context\":" : "", ctx ? ctx : "", meth ? ",\"method\":" : "",
                 meth ? meth : "", code);
        if (sp_len < strlen(prefix) + 3 || memcmp(sp_out, prefix, strlen(prefix)) != 0 ||
            memcmp(sp_out + sp_len - 3, "\"}}", 3) != 0) {
            sp_fail(file, line, "error response is not the compact form");
            sp_show("got     ", sp_out, sp_len);
            sp_show("expected", prefix, strlen(prefix));
        }
    }
    if (words && !sp_msg_names(words)) {
        sp_fail(file, line, "error message does not name %s", words);
        sp_show("request", req, n);
        sp_show("message", sp_msg, sp_msg_len);
    }
}

/* A successful response whose data object holds exactly the npairs name/value string pairs
   kv[2i], kv[2i+1], in order, compared after decoding (section 1 fixes what, not which escapes). */
SP_UNUSED static void sp_expect_data(const char *file, int line, chdr_table *t, const char *req, size_t n,
                           const char *api, const char *ctx, const char *meth,
                           const char *const *kv, int npairs)
{
    int k;
    if (!sp_run(file, line, t, req, n)) return;
    if (sp_data < 0) {
        sp_fail(file, line, "expected success, got error %ld", sp_code);
        sp_show("request ", req, n);
        sp_show("response", sp_out, sp_len);
        return;
    }
    if (!sj_raweq(&sp_doc, sp_api, api) || (ctx ? !sj_raweq(&sp_doc, sp_ctx, ctx) : sp_ctx >= 0) ||
        (meth ? !sj_raweq(&sp_doc, sp_meth, meth) : sp_meth >= 0)) {
        sp_fail(file, line, "apiVersion/context/method not as expected (%s %s %s)", api,
                ctx ? ctx : "-", meth ? meth : "-");
        sp_show("response", sp_out, sp_len);
    }
    if (sp_doc.node[sp_data].size != npairs) {
        sp_fail(file, line, "data has %d members, expected %d", sp_doc.node[sp_data].size, npairs);
        sp_show("response", sp_out, sp_len);
        return;
    }
    for (k = 0; k < npairs; k++) {
        int key = sj_key(&sp_doc, sp_data, k);
        if (!sj_streq(&sp_doc, key, kv[2 * k], strlen(kv[2 * k])) ||
            !sj_streq(&sp_doc, key + 1, kv[2 * k + 1], strlen(kv[2 * k + 1]))) {
            sp_fail(file, line, "data member %d should be \"%s\": \"%s\"", k, kv[2 * k],
                    kv[2 * k + 1]);
            sp_show("response", sp_out, sp_len);
        }
    }
}

SP_UNUSED static void sp_expect_block(const char *file, int line, const chdr_table *t, const char *want,
                            size_t wn)
{
    size_t len = (size_t)-1;
    const char *b = chdr_block(t, &len);
    if (len != wn || (wn && (!b || memcmp(b, want, wn) != 0))) {
        sp_fail(file, line, "header block differs");
        sp_show("got     ", b ? b : "", b && len != (size_t)-1 ? len : 0);
        sp_show("expected", want, wn);
    }
}

/* The table as list shows it plus the block, to prove a refused request changed nothing. */
typedef struct sp_snap {
    char list[CHDR_RESPONSE_MAX];
    size_t list_len;
    char block[CHDR_BLOCK_MAX + 1];
    size_t block_len;
    size_t count;
} sp_snap;

SP_UNUSED static void sp_take(chdr_table *t, sp_snap *s)
{
    static const char req[] = "{\"apiVersion\":\"1.0\",\"method\":\"list\"}";
    const char *b;
    s->list_len = chdr_handle(t, req, sizeof req - 1, s->list, sizeof s->list);
    if (s->list_len > sizeof s->list) s->list_len = 0;
    b = chdr_block(t, &s->block_len);
    if (s->block_len > CHDR_BLOCK_MAX) s->block_len = 0;
    if (s->block_len) memcpy(s->block, b, s->block_len);
    s->count = chdr_count(t);
}

SP_UNUSED static void sp_same(const char *file, int line, chdr_table *t, const sp_snap *before)
{
    static sp_snap now;
    sp_take(t, &now);
    if (now.list_len != before->list_len || memcmp(now.list, before->list, now.list_len) != 0 ||
        now.block_len != before->block_len || memcmp(now.block, before->block, now.block_len) != 0 ||
        now.count != before->count) {
        sp_fail(file, line, "the table changed, but the request was refused");
        sp_show("before", before->block, before->block_len);
        sp_show("after ", now.block, now.block_len);
    }
}

/* ---- building requests -------------------------------------------------------------------- */

/* Rotating scratch strings, so a test can build several and keep them for a while. */
#define SP_SCRATCH 64
#define SP_SCRATCH_LEN (8 * CHDR_REQUEST_MAX + 4096)
static char sp_scratch[SP_SCRATCH][SP_SCRATCH_LEN];
static int sp_scratch_next;

static char *sp_fmt(const char *fmt, ...) SP_PRINTF(1, 2);
SP_UNUSED static char *sp_fmt(const char *fmt, ...)
{
    char *s = sp_scratch[sp_scratch_next++ % SP_SCRATCH];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, SP_SCRATCH_LEN, fmt, ap);
    va_end(ap);
    return s;
}

/* n copies of the text unit (e.g. "a" or "\\u0041"). */
SP_UNUSED static char *sp_rep(const char *unit, size_t n)
{
    char *s = sp_scratch[sp_scratch_next++ % SP_SCRATCH];
    size_t u = strlen(unit), i;
    if (u * n >= SP_SCRATCH_LEN) {
        fprintf(stderr, "sp_rep: %zu bytes do not fit the scratch buffer\n", u * n);
        abort();
    }
    for (i = 0; i < n; i++) memcpy(s + i * u, unit, u);
    s[u * n] = 0;
    return s;
}

/* raw bytes as a quoted JSON string: '"' and '\\' escaped, controls as \u00XX, the rest as it is
   (so bytes >= 0x80 stay raw). */
SP_UNUSED static char *sp_json(const char *raw, size_t n)
{
    char *s = sp_scratch[sp_scratch_next++ % SP_SCRATCH];
    size_t i, o = 0;
    s[o++] = '"';
    for (i = 0; i < n && o + 8 < SP_SCRATCH_LEN; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c == '"' || c == '\\') { s[o++] = '\\'; s[o++] = (char)c; }
        else if (c < 0x20) o += (size_t)snprintf(s + o, 8, "\\u%04x", c);
        else s[o++] = (char)c;
    }
    s[o++] = '"';
    s[o] = 0;
    return s;
}

SP_UNUSED static void sp_install_defaults(chdr_table *t)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    chdr_init(t);
    if (chdr_install(t, defaults, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK) {
        tt_current_failed = 1;
        fprintf(stderr, "FAIL %s: chdr_install(CHDR_AXIS_DEFAULTS) refused\n", tt_current);
    }
}

#define SP_DEFAULTS_BLOCK                                                                     \
    "X-Frame-Options: SAMEORIGIN\r\n"                                                         \
    "X-Content-Type-Options: nosniff\r\n"                                                     \
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"                                    \
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'self'; object-src 'none'\r\n"

/* the calls tests use; the string forms take NUL-terminated text */
#define RUN_REQ(t, req) sp_run(__FILE__, __LINE__, (t), (req), strlen(req))
#define EXPECT_RESP(t, req, want) sp_expect(__FILE__, __LINE__, (t), (req), strlen(req), (want))
#define EXPECT_RESP_N(t, req, n, want) sp_expect(__FILE__, __LINE__, (t), (req), (n), (want))
#define EXPECT_ERROR(t, req, code, api, ctx, meth, words) \
    sp_expect_error(__FILE__, __LINE__, (t), (req), strlen(req), (code), (api), (ctx), (meth), (words))
#define EXPECT_ERROR_N(t, req, n, code, api, ctx, meth, words) \
    sp_expect_error(__FILE__, __LINE__, (t), (req), (n), (code), (api), (ctx), (meth), (words))
#define EXPECT_DATA(t, req, api, ctx, meth, kv, npairs) \
    sp_expect_data(__FILE__, __LINE__, (t), (req), strlen(req), (api), (ctx), (meth), (kv), (npairs))
#define EXPECT_BLOCK(t, want) sp_expect_block(__FILE__, __LINE__, (t), (want), strlen(want))
#define EXPECT_SAME(t, snap) sp_same(__FILE__, __LINE__, (t), (snap))

#endif
