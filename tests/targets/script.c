/* script.c - one fixed run of the API, the same on every core: the Axis document's examples,
 * every error code, a full table, save and load, and the streaming calls in small windows.
 *
 * Every response goes through chdr_run and chdr_write in small windows (no response-sized
 * buffer: the image must fit a 16 KB part), and again through chdr_handle into a 512-byte
 * buffer, which must give the same bytes or, when they do not fit, the same length and an
 * untouched buffer. The transcript (port_out) is compared byte for byte between the host and
 * the emulated cores; each step's error code, and the exact bytes where docs/behaviour.md
 * section 1 gives them, are checked here, so the host transcript is not merely trusted.
 *
 * Built at the default limits and at bench/small_part.h's: the requests that depend on a limit
 * are made from it. No C library: the bare-metal ports have none but mem*. */
#include "customhdr.h"
#include "port.h"

/* ---- the two channels ------------------------------------------------------------------ */

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static void out_s(const char *s) { port_out(s, slen(s)); }
static void note_s(const char *s) { port_note(s, slen(s)); }

static size_t fmt_unum(char *buf, unsigned long u)
{
    char tmp[24];
    size_t n = 0, k = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (n) buf[k++] = tmp[--n];
    return k;
}

/* long is 32 bits on the 32-bit cores: a uint32_t goes through fmt_unum */
static size_t fmt_num(char *buf, long v)
{
    if (v >= 0) return fmt_unum(buf, (unsigned long)v);
    buf[0] = '-';
    return 1 + fmt_unum(buf + 1, 0ul - (unsigned long)v);
}

static void out_unum(unsigned long v)
{
    char buf[24];
    port_out(buf, fmt_unum(buf, v));
}

static void out_num(long v)
{
    char buf[24];
    port_out(buf, fmt_num(buf, v));
}

static void note_num(long v)
{
    char buf[24];
    port_note(buf, fmt_num(buf, v));
}

/* ---- failures and stack figures -------------------------------------------------------- */

static const char *step = "start";
static int failed;

static void fail(const char *why)
{
    note_s("FAIL ");
    note_s(step);
    note_s(": ");
    note_s(why);
    note_s("\n");
    failed = 1;
}

static void fail_num(const char *why, long got, long want)
{
    note_s("FAIL ");
    note_s(step);
    note_s(": ");
    note_s(why);
    note_s(": got ");
    note_num(got);
    note_s(", expected ");
    note_num(want);
    note_s("\n");
    failed = 1;
}

enum { F_HANDLE, F_RUN, F_WRITE, F_SET, F_INSTALL, F_SAVE, F_LOAD, F_LOAD_NEWEST, F_COUNT };
static const char *const fn_name[F_COUNT] = {"chdr_handle", "chdr_run",     "chdr_write",
                                             "chdr_set",    "chdr_install", "chdr_save",
                                             "chdr_load",   "chdr_load_newest"};
static uintptr_t deepest[F_COUNT];
static const char *deepest_step[F_COUNT];

static void record(int f, uintptr_t top)
{
    uintptr_t used;
    if (!top) return;
    used = top - port_stack_low();
    if (used > deepest[f]) {
        deepest[f] = used;
        deepest_step[f] = step;
    }
}

/* The stack below the call is painted just before it and scanned just after, so each figure
   is what that one call (and everything it called) used. */
#define MEASURE(f, call)                           \
    do {                                           \
        uintptr_t top_ = port_stack_paint();       \
        call;                                      \
        record(f, top_);                           \
    } while (0)

/* ---- the table, the request and the windows ---------------------------------------------- */

static chdr_table table;
static chdr_call call;
/* one byte more than the limit, for the body that is too large; the request starts at an odd
   address, as a body in a network buffer may */
static char req_buf[CHDR_REQUEST_MAX + 2];
static char *const req = req_buf + 1;
#define WINDOW_MAX 64
static char window[WINDOW_MAX];
#define WHOLE_CAP 512
static char whole[WHOLE_CAP];
static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;

/* window sizes taken in turn, from one byte up */
static const size_t window_sizes[] = {64, 1, 7, 13, 32, 3};
static unsigned window_turn;

static size_t put(size_t at, const char *s)
{
    size_t n = slen(s);
    __builtin_memcpy(req + at, s, n);
    return at + n;
}

static size_t put_num(size_t at, long v) { return at + fmt_num(req + at, v); }

static size_t put_fill(size_t at, char c, size_t n)
{
    __builtin_memset(req + at, c, n);
    return at + n;
}

/* The code in a response: the number after "error":{"code": (that text cannot occur inside a
   JSON string, whose quotes are escaped), 0 when there is none. Fed window by window. */
static const char code_key[] = "\"error\":{\"code\":";
static size_t code_match;
static long code_seen;
static int code_digits;

static void scan_code(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (code_match == sizeof code_key - 1) {
            if (c >= '0' && c <= '9' && code_digits < 6) {
                code_seen = code_seen * 10 + (c - '0');
                code_digits++;
                continue;
            }
            code_match = sizeof code_key; /* done: later bytes are the message */
        } else if (code_match < sizeof code_key - 1) {
            /* the key has no prefix that is also its suffix, so a mismatch restarts it */
            code_match = c == code_key[code_match] ? code_match + 1 : c == code_key[0];
        }
    }
}

/* Runs the request in req[0..len), prints it and its response, and checks the response's
   error code (0: a data answer) and, when given, its exact bytes. */
static void serve_req(const char *name, size_t len, long want, const char *exact)
{
    size_t rlen = 0, hlen = 0, off = 0, n = 0, win;
    int rc = CHDR_OK;
    step = name;
    win = window_sizes[window_turn++ % (sizeof window_sizes / sizeof window_sizes[0])];
    out_s("== ");
    out_s(name);
    out_s("\n> ");
    if (len <= 256) {
        port_out(req, len);
    } else { /* the long bodies are runs of one letter: their head and length say it all */
        port_out(req, 96);
        out_s("... (");
        out_num((long)len);
        out_s(" bytes)");
    }
    out_s("\n< ");
    MEASURE(F_RUN, rlen = chdr_run(&table, &call, req, len));
    code_match = 0;
    code_seen = 0;
    code_digits = 0;
    for (;;) {
        MEASURE(F_WRITE, rc = chdr_write(&call, off, window, win, &n));
        if (rc != CHDR_OK) {
            fail_num("chdr_write refused a window", rc, CHDR_OK);
            break;
        }
        if (n == 0) break;
        if (n > win) fail_num("chdr_write wrote past its window", (long)n, (long)win);
        scan_code(window, n);
        port_out(window, n);
        off += n;
    }
    out_s("\n");
    if (off != rlen) fail_num("the windows add up to another length than chdr_run's", (long)off, (long)rlen);
    if (code_seen != want) fail_num("error code", code_seen, want);

    /* The same request again through chdr_handle: set and remove are idempotent and a repeat
       is no change (docs/behaviour.md section 2), so the run kept in call stays current. */
    __builtin_memset(whole, '#', sizeof whole);
    MEASURE(F_HANDLE, hlen = chdr_handle(&table, req, len, whole, sizeof whole));
    if (hlen != rlen) {
        fail_num("chdr_handle's length", (long)hlen, (long)rlen);
    } else if (hlen <= sizeof whole) {
        for (off = 0; off < rlen; off += n) {
            rc = chdr_write(&call, off, window, WINDOW_MAX, &n);
            if (rc != CHDR_OK) {
                fail_num("chdr_write after chdr_handle repeated the request", rc, CHDR_OK);
                break;
            }
            if (n == 0 || __builtin_memcmp(window, whole + off, n) != 0) {
                fail("chdr_handle's bytes differ from chdr_write's");
                break;
            }
        }
    } else {
        for (off = 0; off < sizeof whole; off++)
            if (whole[off] != '#') {
                fail("chdr_handle wrote into a buffer too small for the response");
                break;
            }
    }
    if (exact && (hlen != slen(exact) || hlen > sizeof whole || __builtin_memcmp(whole, exact, hlen) != 0))
        fail("the response is not the one docs/behaviour.md gives");
}

static void serve(const char *name, const char *text, long want, const char *exact)
{
    size_t len = slen(text);
    __builtin_memcpy(req, text, len);
    serve_req(name, len, want, exact);
}

static void show_block(void)
{
    size_t len;
    const char *b = chdr_block(&table, &len);
    out_s("-- block: ");
    out_num((long)chdr_count(&table));
    out_s(" headers, ");
    out_num((long)len);
    out_s(" bytes, changes ");
    out_unum(chdr_changes(&table));
    out_s("\n");
    port_out(b, len);
}

/* ---- the steps ------------------------------------------------------------------------- */

#define DEFAULTS_JSON                                                                         \
    "{\"X-Frame-Options\":\"SAMEORIGIN\",\"X-Content-Type-Options\":\"nosniff\","              \
    "\"Referrer-Policy\":\"strict-origin-when-cross-origin\",\"Content-Security-Policy\":"     \
    "\"default-src 'self'; frame-ancestors 'self'; object-src 'none'\"}"
#define CORS_ORIGIN "http://axis.trusted.example.server.com"

static void axis_examples(void)
{
    serve("axis: list",
          "{\n  \"apiVersion\": \"1.0\",\n  \"context\": \"abc\",\n  \"method\": \"list\"\n}", 0,
          "{\"apiVersion\":\"1.0\",\"context\":\"abc\",\"method\":\"list\",\"data\":" DEFAULTS_JSON "}");
    serve("axis: set CORS",
          "{\n  \"apiVersion\": \"1.0\",\n  \"context\": \"OptionalContext\",\n  \"method\": \"set\",\n"
          "  \"params\": {\n    \"Access-Control-Allow-Origin\": \"" CORS_ORIGIN "\"\n  }\n}\n",
          0,
          "{\"apiVersion\":\"1.0\",\"context\":\"OptionalContext\",\"method\":\"set\",\"data\":"
          "{\"Access-Control-Allow-Origin\":\"" CORS_ORIGIN "\"}}");
    show_block();
    serve("axis: remove",
          "{\n  \"apiVersion\": \"1.0\",\n  \"context\": \"abc\",\n  \"method\": \"remove\",\n"
          "  \"params\": {\n    \"X-Frame-Options\": \"\"\n  }\n}",
          0,
          "{\"apiVersion\":\"1.0\",\"context\":\"abc\",\"method\":\"remove\",\"data\":"
          "{\"X-Frame-Options\":\"\"}}");
    show_block();
    serve("axis: getSupportedVersions",
          "{\n  \"context\": \"abc\",\n  \"method\": \"getSupportedVersions\"\n}", 0,
          "{\"apiVersion\":\"1.0\",\"context\":\"abc\",\"method\":\"getSupportedVersions\","
          "\"data\":{\"apiVersions\":[\"1.0\",\"1.1\"]}}");
    serve("list 1.1", "{\"apiVersion\":\"1.1\",\"method\":\"list\"}", 0, 0);
}

static void error_codes(void)
{
    size_t n, k;
    uint32_t before = chdr_changes(&table);

    n = put(0, "{\"apiVersion\":\"1.0\",\"method\":\"list\",\"x\":\"");
    n = put_fill(n, 'x', CHDR_REQUEST_MAX + 1 - n - 2);
    n = put(n, "\"}");
    serve_req("1100: body over the byte limit", n, 1100, 0);
    /* list's own five tokens, the key and its array, then one token per element */
    n = put(0, "{\"apiVersion\":\"1.0\",\"method\":\"list\",\"x\":[0");
    for (k = 0; k < CHDR_MAX_TOKENS; k++) n = put(n, ",0");
    n = put(n, "]}");
    serve_req("1100: more tokens than the limit", n, 1100, 0);

    serve("2100: apiVersion 2.0", "{\"apiVersion\":\"2.0\",\"method\":\"list\"}", 2100,
          "{\"apiVersion\":\"1.0\",\"method\":\"list\",\"error\":{\"code\":2100,\"message\":"
          "\"apiVersion: not supported, use 1.0 or 1.1\"}}");
    serve("2101: trailing comma", "{\"apiVersion\":\"1.0\",\"method\":\"list\",}", 2101, 0);
    serve("2101: empty body", "", 2101, 0);
    serve("2101: not an object", "[\"list\"]", 2101, 0);
    serve("2101: a member twice", "{\"apiVersion\":\"1.0\",\"method\":\"list\",\"method\":\"set\"}", 2101, 0);
    serve("2102: no such method", "{\"apiVersion\":\"1.0\",\"method\":\"get\"}", 2102,
          "{\"apiVersion\":\"1.0\",\"method\":\"get\",\"error\":{\"code\":2102,\"message\":"
          "\"method: names no method, use list, set, remove or getSupportedVersions\"}}");
    serve("2103: method missing", "{\"apiVersion\":\"1.0\"}", 2103, 0);
    serve("2103: apiVersion missing", "{\"method\":\"list\"}", 2103, 0);
    serve("2103: params missing", "{\"apiVersion\":\"1.0\",\"method\":\"set\"}", 2103, 0);
    serve("2104: method not a string", "{\"apiVersion\":\"1.0\",\"method\":1}", 2104, 0);
    serve("2104: params not an object", "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":[]}", 2104, 0);
    serve("2104: params empty", "{\"apiVersion\":\"1.0\",\"method\":\"remove\",\"params\":{}}", 2104, 0);
    serve("2104: name not a token", "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X A\":\"1\"}}", 2104, 0);
    serve("2104: forbidden name",
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"Content-Length\":\"1\"}}", 2104,
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"error\":{\"code\":2104,\"message\":"
          "\"params \\\"Content-Length\\\": is a header the server owns, it cannot be set\"}}");
    serve("2104: value with CR LF",
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-B\":\"a\\r\\nX-C: b\"}}", 2104, 0);
    serve("2104: value not a string", "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-B\":1}}", 2104, 0);
    serve("2104: a name twice",
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-B\":\"1\",\"x-b\":\"2\"}}", 2104, 0);
    n = put(0, "{\"apiVersion\":\"1.0\",\"context\":\"");
    n = put_fill(n, 'c', CHDR_CONTEXT_MAX + 1);
    n = put(n, "\",\"method\":\"list\"}");
    serve_req("2104: context over its limit", n, 2104, 0);
    if (chdr_changes(&table) != before) fail("a refused request changed the table");
    show_block();
}

/* "X-Fill-K": K from 1 */
static size_t put_fill_name(size_t at, size_t k)
{
    at = put(at, "\"X-Fill-");
    at = put_num(at, (long)k);
    return put(at, "\"");
}

static size_t fills;

static void full_table(void)
{
    size_t n, k;
    uint32_t before;
    fills = CHDR_MAX_HEADERS - chdr_count(&table);
    n = put(0, "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{");
    for (k = 1; k <= fills; k++) {
        if (k > 1) n = put(n, ",");
        n = put_fill_name(n, k);
        n = put(n, ":\"");
        n = put_num(n, (long)k);
        n = put(n, "\"");
    }
    n = put(n, "}}");
    serve_req("set: the table full in one request", n, 0, 0);
    if (chdr_count(&table) != CHDR_MAX_HEADERS) fail_num("headers", (long)chdr_count(&table), CHDR_MAX_HEADERS);
    show_block();
    /* a name written with an escape is compared decoded, against every name in the table:
       the deepest path bench/stack.py finds under chdr_run */
    serve("set: an escaped name replaces a header of the full table",
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Fill-\\u0031\":\"one\"}}", 0,
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"data\":{\"X-Fill-1\":\"one\"}}");
    before = chdr_changes(&table);
    serve("1100: one header more than the table holds",
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Fill-0\":\"0\"}}", 1100, 0);
    /* every fill header (two at most) at the longest value: more bytes than the storage */
    n = put(0, "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{");
    for (k = 1; k <= fills && k <= 2; k++) {
        if (k > 1) n = put(n, ",");
        n = put_fill_name(n, k);
        n = put(n, ":\"");
        n = put_fill(n, 'v', CHDR_VALUE_MAX);
        n = put(n, "\"");
    }
    n = put(n, "}}");
    serve_req("1100: more bytes than the storage holds", n, 1100, 0);
    if (chdr_changes(&table) != before) fail("a refused set changed the table");
    serve("list: the full table", "{\"apiVersion\":\"1.0\",\"context\":\"full\",\"method\":\"list\"}", 0, 0);
    /* every fill header in one remove, and one that is not there */
    n = put(0, "{\"apiVersion\":\"1.0\",\"method\":\"remove\",\"params\":{\"X-Absent\":null");
    for (k = 1; k <= fills; k++) {
        n = put(n, ",");
        n = put_fill_name(n, k);
        n = put(n, ":");
        n = put_num(n, (long)k);
    }
    n = put(n, "}}");
    serve_req("remove: every fill header", n, 0, 0);
    show_block();
}

/* ---- persistence ---------------------------------------------------------------------- */

/* Two flash slots, each at an odd address: a blob in flash need not be aligned, and a
   Cortex-M0 faults on any unaligned word access. */
static unsigned char slot_buf[2][CHDR_BLOB_MAX + 2];
#define SLOT(i) (slot_buf[i] + 1)

static void show_blob(const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    char two[2];
    for (i = 0; i < n; i++) {
        two[0] = hex[p[i] >> 4];
        two[1] = hex[p[i] & 15];
        port_out(two, 2);
        if (i % 32 == 31 || i + 1 == n) out_s("\n");
    }
}

static size_t save(int slot, uint32_t seq)
{
    size_t n = 0;
    out_s("-- chdr_save seq ");
    out_unum(seq);
    out_s(" to slot ");
    out_num(slot);
    MEASURE(F_SAVE, n = chdr_save(&table, seq, SLOT(slot), CHDR_BLOB_MAX));
    out_s(": ");
    out_num((long)n);
    out_s(" bytes\n");
    show_blob(SLOT(slot), n);
    return n;
}

static void show_load(const char *what, int rc, uint32_t seq)
{
    out_s("-- ");
    out_s(what);
    out_s(": ");
    out_num(rc);
    out_s(" (");
    out_s(chdr_load_reason(rc < 0 ? rc : 0));
    out_s(") seq ");
    out_unum(seq);
    out_s("\n");
}

static int load(const char *what, int slot, size_t len, int want)
{
    int rc = 0;
    uint32_t seq = 0;
    step = what;
    MEASURE(F_LOAD, rc = chdr_load(&table, SLOT(slot), len, &seq));
    show_load(what, rc, seq);
    if (rc != want) fail_num("chdr_load", rc, want);
    return rc;
}

static void load_newest(const char *what, size_t a_len, size_t b_len, int want, uint32_t want_seq)
{
    int rc = 0;
    uint32_t seq = 0;
    step = what;
    MEASURE(F_LOAD_NEWEST, rc = chdr_load_newest(&table, SLOT(0), a_len, SLOT(1), b_len, &seq));
    show_load(what, rc, seq);
    if (rc != want) fail_num("chdr_load_newest", rc, want);
    if (rc >= 0 && seq != want_seq) fail_num("chdr_load_newest's seq", (long)seq, (long)want_seq);
}

static void persistence(void)
{
    size_t a, b, n = 1;
    int rc = 0;
    step = "chdr_save";
    a = save(0, 7);
    /* one byte short: chdr_save writes nothing and says what it needs */
    SLOT(1)[0] = 0x5a;
    MEASURE(F_SAVE, n = chdr_save(&table, 7, SLOT(1), a - 1));
    if (n != a || SLOT(1)[0] != 0x5a) fail("chdr_save into a buffer one byte short");
    serve("set: a change after the save",
          "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Saved\":\"second\"}}", 0, 0);
    step = "chdr_save";
    b = save(1, 8);
    load("chdr_load slot 0", 0, a, CHDR_OK);
    show_block();
    /* the newer slot wins; and wrapping: 0 is newer than 0xffffffff */
    load_newest("chdr_load_newest, slot 1 newer", a, b, 1, 8);
    show_block();
    SLOT(1)[12] ^= 0x20; /* a power cut mid-write: the CRC fails, the older slot loads */
    load_newest("chdr_load_newest, slot 1 torn", a, b, 0, 7);
    show_block();
    load("chdr_load slot 1 torn", 1, b, CHDR_LOAD_CHECK);
    load("chdr_load slot 0 cut short", 0, 10, CHDR_LOAD_TRUNCATED);
    load("chdr_load slot 0 shorter than its head says", 0, a - 1, CHDR_LOAD_TRUNCATED);
    SLOT(1)[0] = 'X';
    load("chdr_load slot 1 not a blob", 1, b, CHDR_LOAD_MAGIC);
    load_newest("chdr_load_newest, both bad", 9, b, CHDR_LOAD_TRUNCATED, 0);
    step = "chdr_save";
    b = save(1, 0xffffffffu);
    step = "wrap";
    MEASURE(F_SAVE, n = chdr_save(&table, 0, SLOT(0), CHDR_BLOB_MAX));
    a = n;
    load_newest("chdr_load_newest, seq 0 after 0xffffffff", a, b, 0, 0);
    rc = chdr_load(&table, SLOT(0), a, 0);
    if (rc != CHDR_OK) fail_num("chdr_load without seq", rc, CHDR_OK);
    show_block();
}

/* ---- the streaming calls' own rules ----------------------------------------------------- */

static void show_write(const char *what, int rc, size_t n)
{
    out_s("-- ");
    out_s(what);
    out_s(": ");
    out_num(rc);
    out_s(", ");
    out_num((long)n);
    out_s(" bytes\n");
}

static void streaming(void)
{
    size_t len = 0, n = 7, off;
    int rc = 0;
    static chdr_call zero;
    const char *list = "{\"apiVersion\":\"1.0\",\"context\":\"windows\",\"method\":\"list\"}";

    step = "chdr_write, no run";
    rc = chdr_write(&zero, 0, window, sizeof window, &n);
    show_write(step, rc, n);
    if (rc != CHDR_ERR_NO_RUN || n != 0) fail_num("chdr_write", rc, CHDR_ERR_NO_RUN);

    /* the response fetched last window first, then printed in order */
    serve("list, then fetched backwards", list, 0, 0);
    len = chdr_run(&table, &call, req, slen(list));
    if (len > sizeof whole) {
        fail("the list no longer fits the 512-byte buffer");
        return;
    }
    for (off = (len - 1) / 5 * 5 + 5; off > 0;) {
        off -= 5;
        MEASURE(F_WRITE, rc = chdr_write(&call, off, whole + off, 5, &n));
        if (rc != CHDR_OK || n != (len - off < 5 ? len - off : 5)) fail_num("backwards window", (long)n, 5);
    }
    out_s("-- backwards: ");
    port_out(whole, len);
    out_s("\n");

    rc = chdr_write(&call, len, window, sizeof window, &n);
    show_write("chdr_write at the end", rc, n);
    if (rc != CHDR_OK || n != 0) fail_num("chdr_write at the end", rc, CHDR_OK);
    rc = chdr_write(&call, len + 1, window, sizeof window, &n);
    show_write("chdr_write past the end", rc, n);
    if (rc != CHDR_ERR_OFFSET || n != 0) fail_num("chdr_write past the end", rc, CHDR_ERR_OFFSET);
    rc = chdr_write(&call, 0, window, 0, &n);
    show_write("chdr_write into no room", rc, n);
    if (rc != CHDR_OK || n != 0) fail_num("chdr_write into no room", rc, CHDR_OK);

    step = "chdr_set after the run";
    MEASURE(F_SET, rc = chdr_set(&table, "X-Late", 6, "1", 1));
    if (rc != CHDR_OK) fail_num("chdr_set", rc, CHDR_OK);
    rc = chdr_write(&call, 0, window, sizeof window, &n);
    show_write("chdr_write after the table changed", rc, n);
    if (rc != CHDR_ERR_STALE || n != 0) fail_num("chdr_write after a change", rc, CHDR_ERR_STALE);
}

int script_run(void)
{
    int rc = 0;
    int f;
    out_s("customhdr " CHDR_VERSION " target script: headers ");
    out_num(CHDR_MAX_HEADERS);
    out_s(", storage ");
    out_num(CHDR_STORAGE);
    out_s(", request ");
    out_num(CHDR_REQUEST_MAX);
    out_s(", tokens ");
    out_num(CHDR_MAX_TOKENS);
    out_s("\n");
    chdr_init(&table);
    step = "chdr_install";
    MEASURE(F_INSTALL, rc = chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT));
    if (rc != CHDR_OK) fail_num("chdr_install", rc, CHDR_OK);
    show_block();
    axis_examples();
    error_codes();
    full_table();
    persistence();
    streaming();
    step = "factory reset";
    MEASURE(F_INSTALL, rc = chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT));
    if (rc != CHDR_OK) fail_num("chdr_install", rc, CHDR_OK);
    serve("list after a factory reset", "{\"apiVersion\":\"1.0\",\"method\":\"list\"}", 0,
          "{\"apiVersion\":\"1.0\",\"method\":\"list\",\"data\":" DEFAULTS_JSON "}");
    show_block();
    out_s("end\n");

    for (f = 0; f < F_COUNT; f++) {
        if (!deepest[f]) continue;
        note_s("stack ");
        note_s(fn_name[f]);
        note_s(" ");
        note_num((long)deepest[f]);
        note_s(" ");
        note_s(deepest_step[f]);
        note_s("\n");
    }
    return !failed;
}
