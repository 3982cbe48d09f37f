/* wire_check.h - the fuzz oracles' view of a header block, written from docs/behaviour.md sections 2-3
   and RFC 9110 section 5.6.2 (token), independently of customhdr.h's own validation.

   wire_parse splits block[0..len) into "Name: Value\r\n" lines and checks every rule a server
   relies on when it appends the block to a response: the framing, a token name, a value of
   visible ASCII/SP/HTAB with no leading or trailing whitespace, no forbidden name, no name twice
   (case-insensitively), and the configured limits. Returns NULL when the block is good, else a
   short description of the first broken rule. Include after customhdr.h (it reads the CHDR_
   limits). */
#ifndef FUZZ_WIRE_CHECK_H
#define FUZZ_WIRE_CHECK_H

#include <stddef.h>
#include <string.h>

typedef struct {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} wire_hdr;

static int wire_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static unsigned char wire_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

static int wire_ieq(const char *a, size_t al, const char *b, size_t bl)
{
    if (al != bl) return 0;
    for (size_t i = 0; i < al; i++)
        if (wire_lower((unsigned char)a[i]) != wire_lower((unsigned char)b[i])) return 0;
    return 1;
}

/* docs/behaviour.md section 2, the default policy: these names, and every name that begins with
   "X-Accel-" (nginx's control headers), compared case-insensitively. */
static int wire_forbidden(const char *name, size_t len)
{
    static const char *const names[] = {"Content-Length", "Content-Type", "Content-Encoding",
                                        "Content-Range", "Transfer-Encoding", "Connection",
                                        "Keep-Alive", "Upgrade", "Trailer", "TE",
                                        "Proxy-Connection", "Host", "Date", "Status",
                                        "Location", "X-Sendfile", "X-LIGHTTPD-send-file"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (wire_ieq(name, len, names[i], strlen(names[i]))) return 1;
    return len >= 8 && wire_ieq(name, 8, "X-Accel-", 8);
}

static inline int wire_name_ok(const char *p, size_t len)
{
    if (len == 0 || len > CHDR_NAME_MAX) return 0;
    for (size_t i = 0; i < len; i++)
        if (!wire_tchar((unsigned char)p[i])) return 0;
    return 1;
}

static inline int wire_value_ok(const char *p, size_t len)
{
    if (len > CHDR_VALUE_MAX) return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!((c >= 0x21 && c <= 0x7E) || c == ' ' || c == '\t')) return 0;
    }
    if (len && (p[0] == ' ' || p[0] == '\t' || p[len - 1] == ' ' || p[len - 1] == '\t')) return 0;
    return 1;
}

/* hdrs must have room for CHDR_MAX_HEADERS + 1 entries. */
static const char *wire_parse(const char *b, size_t len, wire_hdr *hdrs, size_t *count)
{
    size_t i = 0, n = 0, stored = 0;
    if (len > CHDR_BLOCK_MAX) return "block longer than CHDR_BLOCK_MAX";
    while (i < len) {
        size_t ns = i;
        while (i < len && wire_tchar((unsigned char)b[i])) i++;
        size_t nl = i - ns;
        if (nl == 0) return "line does not start with a token name";
        if (nl > CHDR_NAME_MAX) return "name longer than CHDR_NAME_MAX";
        if (len - i < 2 || b[i] != ':' || b[i + 1] != ' ') return "name not followed by \": \"";
        i += 2;
        size_t vs = i;
        while (i < len && b[i] != '\r' && b[i] != '\n') i++;
        size_t vl = i - vs;
        if (len - i < 2 || b[i] != '\r' || b[i + 1] != '\n') return "line not ended by CRLF";
        i += 2;
        if (!wire_value_ok(b + vs, vl)) return "value has a forbidden byte, edge whitespace or is too long";
        if (wire_forbidden(b + ns, nl)) return "forbidden header name present";
        for (size_t k = 0; k < n; k++)
            if (wire_ieq(hdrs[k].name, hdrs[k].name_len, b + ns, nl)) return "name present twice";
        if (n == CHDR_MAX_HEADERS) return "more than CHDR_MAX_HEADERS headers";
        hdrs[n].name = b + ns;
        hdrs[n].name_len = nl;
        hdrs[n].value = b + vs;
        hdrs[n].value_len = vl;
        n++;
        stored += nl + vl;
    }
    if (stored > CHDR_STORAGE) return "names and values exceed CHDR_STORAGE";
    *count = n;
    return NULL;
}

#endif
