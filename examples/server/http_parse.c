/* http_parse - see http_parse.h */
#include "http_parse.h"

#include <string.h>

static int is_tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* field-value bytes: VCHAR, SP, HTAB and obs-text; never CR, LF, NUL or another control */
static int is_field_byte(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int same_fold(const char *a, size_t n, const char *b)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] == '\0' || lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return 0;
    return b[n] == '\0';
}

/* Walks a comma-separated list of tokens (Connection, Expect) and reports whether want is
   one of them. Empty elements are allowed, as RFC 9110 section 5.6.1 asks of recipients. */
static int list_has(const char *v, size_t n, const char *want)
{
    size_t i = 0;
    while (i < n) {
        size_t s, e;
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) i++;
        s = i;
        while (i < n && v[i] != ',') i++;
        e = i;
        while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t')) e--;
        if (e > s && same_fold(v + s, e - s, want)) return 1;
    }
    return 0;
}

/* Content-Length = 1*DIGIT. Returns 0 and the value (capped at HP_LENGTH_HUGE), or -1. */
static int parse_length(const char *v, size_t n, size_t *out)
{
    size_t i, x = 0;
    if (n == 0) return -1;
    for (i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') return -1;
        if (x > (HP_LENGTH_HUGE - 9) / 10) x = HP_LENGTH_HUGE;
        else x = x * 10 + (size_t)(v[i] - '0');
    }
    *out = x;
    return 0;
}

/* What the head's fields mean for framing and the connection. */
static int interpret(hp_request *r)
{
    size_t i, hosts = 0, len, first_n = 0;
    const char *first = NULL;
    int have_length = 0, close_ = 0, keep = 0;
    r->content_length = 0;
    r->expect_continue = 0;
    for (i = 0; i < r->num_headers; i++) {
        const hp_header *h = &r->headers[i];
        if (same_fold(h->name, h->name_len, "content-length")) {
            const char *d = h->value;
            size_t dn = h->value_len;
            if (parse_length(d, dn, &len) != 0) return HP_BAD;
            while (dn > 1 && *d == '0') d++, dn--;
            /* Digits, not values, are compared: two lengths too large to hold are both
               capped to HP_LENGTH_HUGE and would pass as one (found by fuzz_server). */
            if (have_length && (dn != first_n || memcmp(d, first, dn) != 0)) return HP_BAD;
            first = d;
            first_n = dn;
            r->content_length = len;
            have_length = 1;
        } else if (same_fold(h->name, h->name_len, "transfer-encoding")) {
            return r->minor_version == 0 ? HP_BAD : HP_UNSUPPORTED;
        } else if (same_fold(h->name, h->name_len, "host")) {
            hosts++;
        } else if (same_fold(h->name, h->name_len, "connection")) {
            close_ |= list_has(h->value, h->value_len, "close");
            keep |= list_has(h->value, h->value_len, "keep-alive");
        } else if (same_fold(h->name, h->name_len, "expect")) {
            r->expect_continue |= list_has(h->value, h->value_len, "100-continue");
        }
    }
    if (hosts > 1 || (hosts == 0 && r->minor_version == 1)) return HP_BAD;
    r->keep_alive = close_ ? 0 : r->minor_version == 1 ? 1 : keep;
    return 0;
}

/* The scan over buf[0..len): every "ran out of bytes" is HP_NEED_MORE; the caller turns that
   into a size error once len has reached HP_HEAD_MAX. *in_line tells it which one. */
static int scan(const char *buf, size_t len, hp_request *r, int *in_line)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t i = 0, s;
    static const char proto[] = "HTTP/";

    *in_line = 1;
    while (i < len && b[i] == '\r') {
        if (i + 1 == len) return HP_NEED_MORE;
        if (b[i + 1] != '\n') return HP_BAD;
        i += 2;
    }
    for (s = i; i < len && is_tchar(b[i]); i++) {}
    if (i == len) return HP_NEED_MORE;
    if (i == s || b[i] != ' ') return HP_BAD;
    r->method = buf + s;
    r->method_len = i - s;

    for (s = ++i; i < len && b[i] > 0x20 && b[i] < 0x7f; i++) {}
    if (i == len) return HP_NEED_MORE;
    if (i == s || b[i] != ' ') return HP_BAD;
    r->target = buf + s;
    r->target_len = i - s;

    for (s = ++i; i < len && i - s < 8; i++) {
        size_t k = i - s;
        int ok = k < 5 ? b[i] == (unsigned char)proto[k] : k == 6 ? b[i] == '.'
                                                                  : b[i] >= '0' && b[i] <= '9';
        if (!ok) return HP_BAD;
    }
    if (i == len) return HP_NEED_MORE;
    if (b[s + 5] != '1') return HP_VERSION;
    r->minor_version = b[s + 7] == '0' ? 0 : 1; /* a later 1.x speaks 1.1 to us */
    if (b[i] != '\r') return HP_BAD;
    if (++i == len) return HP_NEED_MORE;
    if (b[i++] != '\n') return HP_BAD;

    *in_line = 0;
    r->num_headers = 0;
    for (;;) {
        hp_header *h;
        size_t e;
        if (i == len) return HP_NEED_MORE;
        if (b[i] == '\r') {
            if (++i == len) return HP_NEED_MORE;
            if (b[i++] != '\n') return HP_BAD;
            break;
        }
        for (s = i; i < len && is_tchar(b[i]); i++) {}
        if (i == len) return HP_NEED_MORE;
        /* no name (obs-fold, stray bytes) or a blank before the colon: both smuggling tools */
        if (i == s || b[i] != ':') return HP_BAD;
        if (r->num_headers == HP_MAX_HEADERS) return HP_TOO_LARGE;
        h = &r->headers[r->num_headers++];
        h->name = buf + s;
        h->name_len = i - s;
        for (i++; i < len && (b[i] == ' ' || b[i] == '\t'); i++) {}
        for (s = i; i < len && is_field_byte(b[i]); i++) {}
        if (i == len) return HP_NEED_MORE;
        if (b[i] != '\r') return HP_BAD;
        for (e = i; e > s && (b[e - 1] == ' ' || b[e - 1] == '\t'); e--) {}
        h->value = buf + s;
        h->value_len = e - s;
        if (++i == len) return HP_NEED_MORE;
        if (b[i++] != '\n') return HP_BAD;
    }
    {
        int rc = interpret(r);
        return rc != 0 ? rc : (int)i;
    }
}

int hp_parse(const char *buf, size_t len, hp_request *req)
{
    int in_line, rc;
    if (len > HP_HEAD_MAX) len = HP_HEAD_MAX;
    rc = scan(buf, len, req, &in_line);
    if (rc == HP_NEED_MORE && len == HP_HEAD_MAX) return in_line ? HP_URI_TOO_LONG : HP_TOO_LARGE;
    return rc;
}

const hp_header *hp_find(const hp_request *req, const char *name)
{
    size_t i;
    for (i = 0; i < req->num_headers; i++)
        if (same_fold(req->headers[i].name, req->headers[i].name_len, name))
            return &req->headers[i];
    return NULL;
}
