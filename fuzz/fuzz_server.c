/* fuzz_server - libFuzzer/AFL++ target for the demo server's request-head parser,
   examples/server/http_parse.c (hp_parse, hp_find).

   Input: the bytes a client sends. Oracles, each a reason to abort:
   - the result is a head length in 1..min(len, HP_HEAD_MAX), HP_NEED_MORE or an HP_* error;
   - an accepted head passes an independent RFC 9112 grammar check written here (optional empty
     lines, method token SP target SP HTTP/1.DIGIT CRLF (1.2 and up count as 1.1), then name ":" OWS value OWS CRLF fields
     and the empty line, CRLF only, no control bytes): the same method, target, version and
     fields, pointing into the head, values trimmed;
   - its framing is what RFC 9112 and http_parse.h promise: no Transfer-Encoding, every
     Content-Length 1*DIGIT and all equal, content_length their value (HP_LENGTH_HUGE when it
     does not fit) or 0, exactly one Host for HTTP/1.1, keep_alive and expect_continue from the
     Connection and Expect lists; hp_find finds each field's first occurrence whatever the case;
   - incremental use: every proper prefix of an accepted head is HP_NEED_MORE, the head alone
     parses to the same length, and a result of HP_NEED_MORE holds for every prefix too (an
     error is reported as soon as the bytes cannot begin a valid head). Prefixes are parsed
     from exact-size copies, so ASan sees any read past the end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

#define FAIL(...)                                                                       \
    do {                                                                                \
        fprintf(stderr, "fuzz_server oracle violated: ");                               \
        fprintf(stderr, __VA_ARGS__);                                                   \
        fputc('\n', stderr);                                                            \
        abort();                                                                        \
    } while (0)

#define PREFIX_SAMPLES 24

static hp_request req, req2;

static int tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int low(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int ieq(const char *a, size_t n, const char *lit)
{
    if (strlen(lit) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (low((unsigned char)a[i]) != low((unsigned char)lit[i])) return 0;
    return 1;
}

static int ieq2(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn) return 0;
    for (size_t i = 0; i < an; i++)
        if (low((unsigned char)a[i]) != low((unsigned char)b[i])) return 0;
    return 1;
}

/* element `want` in a comma-separated list, elements trimmed of SP/HTAB, case-insensitive */
static int in_list(const char *v, size_t n, const char *want)
{
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && v[i] != ',') continue;
        size_t a = s, b = i;
        while (a < b && (v[a] == ' ' || v[a] == '\t')) a++;
        while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t')) b--;
        if (ieq(v + a, b - a, want)) return 1;
        s = i + 1;
    }
    return 0;
}

static int parse_at(const char *buf, size_t len, hp_request *r)
{
    /* an exact-size copy so a read past len is an ASan report */
    char *copy = malloc(len ? len : 1);
    if (!copy) abort();
    memcpy(copy, buf, len);
    int h = hp_parse(copy, len, r);
    if (h > 0) {
        /* the pointers refer to the copy: move them to buf for the caller */
        ptrdiff_t d = buf - copy;
        r->method += d;
        r->target += d;
        for (size_t i = 0; i < r->num_headers && i < HP_MAX_HEADERS; i++) {
            r->headers[i].name += d;
            r->headers[i].value += d;
        }
    }
    free(copy);
    return h;
}

static void check_head(const char *b, size_t h)
{
    size_t i = 0;
    while (i + 1 < h && b[i] == '\r' && b[i + 1] == '\n') i += 2;
    size_t ms = i;
    while (i < h && tchar((unsigned char)b[i])) i++;
    if (i == ms || i >= h || b[i] != ' ') FAIL("accepted head has no method token and SP");
    if (req.method != b + ms || req.method_len != i - ms) FAIL("method is not the request line's token");
    size_t ts = ++i;
    while (i < h && (unsigned char)b[i] > 0x20 && b[i] != 0x7f) i++;
    if (i == ts || i >= h || b[i] != ' ') FAIL("accepted head has no target and SP");
    if (req.target != b + ts || req.target_len != i - ts) FAIL("target is not the request line's");
    i++;
    /* RFC 9110 section 2.5: a later 1.x minor version is answered as the highest we speak */
    if (h - i < 10 || memcmp(b + i, "HTTP/1.", 7) || b[i + 7] < '0' || b[i + 7] > '9' || b[i + 8] != '\r' ||
        b[i + 9] != '\n')
        FAIL("accepted request line does not end in SP HTTP/1.DIGIT CRLF");
    if (req.minor_version != (b[i + 7] != '0')) FAIL("minor_version %d", req.minor_version);
    i += 10;
    size_t n = 0;
    while (!(h - i >= 2 && b[i] == '\r' && b[i + 1] == '\n')) {
        size_t ns = i;
        while (i < h && tchar((unsigned char)b[i])) i++;
        if (i == ns || i >= h || b[i] != ':') FAIL("field %zu has no token name and colon", n);
        size_t nl = i - ns;
        i++;
        size_t vs = i;
        while (i < h && b[i] != '\r' && b[i] != '\n') {
            unsigned char c = (unsigned char)b[i];
            if (!(c == '\t' || (c >= 0x20 && c != 0x7f))) FAIL("field %zu value has a control byte", n);
            i++;
        }
        if (h - i < 2 || b[i] != '\r' || b[i + 1] != '\n') FAIL("field %zu not ended by CRLF", n);
        size_t ve = i;
        i += 2;
        while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) vs++;
        while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) ve--;
        if (n >= req.num_headers) FAIL("more fields than num_headers %zu", req.num_headers);
        const hp_header *f = &req.headers[n];
        if (f->name != b + ns || f->name_len != nl || f->value != b + vs || f->value_len != ve - vs)
            FAIL("field %zu differs from the head's", n);
        n++;
    }
    if (i + 2 != h) FAIL("head does not end at its first empty line");
    if (n != req.num_headers) FAIL("num_headers %zu, head has %zu fields", req.num_headers, n);
}

static void check_meaning(void)
{
    size_t hosts = 0, cl = 0, cl_len = 0;
    const char *cl_digits = NULL;
    int have_cl = 0, close_ = 0, keep = 0, cont = 0;
    for (size_t k = 0; k < req.num_headers; k++) {
        const hp_header *f = &req.headers[k];
        if (ieq(f->name, f->name_len, "transfer-encoding")) FAIL("a Transfer-Encoding head was accepted");
        if (ieq(f->name, f->name_len, "host")) hosts++;
        if (ieq(f->name, f->name_len, "content-length")) {
            size_t x = 0;
            if (f->value_len == 0) FAIL("empty Content-Length accepted");
            for (size_t i = 0; i < f->value_len; i++) {
                if (f->value[i] < '0' || f->value[i] > '9') FAIL("Content-Length that is not 1*DIGIT accepted");
                unsigned d = (unsigned)(f->value[i] - '0');
                x = x > (HP_LENGTH_HUGE - d) / 10 ? HP_LENGTH_HUGE : x * 10 + d;
            }
            /* the same number: equal digits once leading zeros are gone (the values may
               both be capped at HP_LENGTH_HUGE) */
            const char *dg = f->value;
            size_t dl = f->value_len;
            while (dl > 1 && dg[0] == '0') dg++, dl--;
            if (have_cl && (dl != cl_len || memcmp(dg, cl_digits, dl) != 0))
                FAIL("two different Content-Length values accepted");
            cl_digits = dg;
            cl_len = dl;
            cl = x;
            have_cl = 1;
        }
        if (ieq(f->name, f->name_len, "connection")) {
            close_ |= in_list(f->value, f->value_len, "close");
            keep |= in_list(f->value, f->value_len, "keep-alive");
        }
        if (ieq(f->name, f->name_len, "expect")) cont |= in_list(f->value, f->value_len, "100-continue");
        const hp_header *g = hp_find(&req, "");
        if (g) FAIL("hp_find finds an empty name");
        /* hp_find takes a NUL-terminated name: swap the case of this one */
        char name[256];
        if (f->name_len < sizeof name) {
            for (size_t i = 0; i < f->name_len; i++) {
                int c = (unsigned char)f->name[i];
                name[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : low(c));
            }
            name[f->name_len] = 0;
            g = hp_find(&req, name);
            size_t first = 0;
            while (!ieq2(req.headers[first].name, req.headers[first].name_len, f->name, f->name_len)) first++;
            if (g != &req.headers[first]) FAIL("hp_find(%s) is not the first such field", name);
        }
    }
    if (req.minor_version == 1 && hosts != 1) FAIL("HTTP/1.1 head with %zu Host fields accepted", hosts);
    /* http_parse.h promises HP_LENGTH_HUGE for values no caller could take; near SIZE_MAX its
       saturation may start a few units early, which no body size can tell apart */
    int near_max = cl > (HP_LENGTH_HUGE - 9) / 10;
    if (req.content_length != (have_cl ? cl : 0) && !(near_max && req.content_length == HP_LENGTH_HUGE))
        FAIL("content_length %zu, expected %zu", req.content_length, cl);
    int want_keep = req.minor_version == 1 ? !close_ : keep && !close_;
    if (req.minor_version == 1 && req.keep_alive != want_keep) FAIL("keep_alive %d for HTTP/1.1", req.keep_alive);
    if (req.minor_version == 0 && !close_ && req.keep_alive != want_keep) FAIL("keep_alive %d for HTTP/1.0", req.keep_alive);
    if (req.expect_continue != cont) FAIL("expect_continue %d", req.expect_continue);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    int h = hp_parse(buf, size, &req);
    if (h > 0) {
        if ((size_t)h > size || h > HP_HEAD_MAX) FAIL("head length %d for %zu bytes", h, size);
        check_head(buf, (size_t)h);
        check_meaning();
        if (parse_at(buf, (size_t)h, &req2) != h) FAIL("the head alone does not parse to %d", h);
    } else if (h < HP_UNSUPPORTED) {
        FAIL("hp_parse returned %d", h);
    }
    /* prefixes: h - 1, h - 2, h - 3 and a spread, all HP_NEED_MORE when the whole is
       accepted or still incomplete */
    if (h >= 0) {
        size_t upto = h > 0 ? (size_t)h : size;
        for (size_t s = 0; s < PREFIX_SAMPLES && s < upto; s++) {
            size_t k = s < 3 ? upto - 1 - s : (upto * (s - 2)) / (PREFIX_SAMPLES - 2);
            if (k >= upto) continue;
            int p = parse_at(buf, k, &req2);
            if (p != HP_NEED_MORE)
                FAIL("prefix of %zu bytes gives %d, the %zu-byte input %d", k, p, size, h);
        }
    }
    return 0;
}
