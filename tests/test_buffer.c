/* test_buffer.c - the output buffer contract of chdr_handle (docs/behaviour.md sections 5 and 6), and of the
 * streaming calls chdr_run and chdr_write:
 *
 *   - it returns the full response length whatever cap is;
 *   - it never writes at or past cap;
 *   - a response that does not fit is not written at all ("never written partially");
 *   - a response that fits is the same bytes as with a large buffer;
 *   - the request is carried out even when the response does not fit;
 *   - no response exceeds CHDR_RESPONSE_MAX, including the worst cases we can build;
 *   - chdr_run carries the request out as chdr_handle does and returns the same length, and
 *     chdr_write gives the same bytes through windows of every size tried, front to back and
 *     back to front, never writing past its window; it refuses, writing nothing, a state no run
 *     filled in, an offset past the end and a table changed after the run.
 *
 * Every case rebuilds its table from scratch before each call, so a set or remove is judged
 * against the same starting state for every cap. By default every cap from 0 to the full
 * length + 1 is tried, except for the responses of near-CHDR_REQUEST_MAX requests, where the
 * caps within 64 bytes of either end and a stride between are; "quick" (the valgrind run)
 * samples every case that way. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "tinytest.h"
#include "spec_util.h"

static chdr_table T;
static int quick;

/* ---- starting states ---------------------------------------------------------------------- */

typedef void (*setup_fn)(chdr_table *t);

static void st_empty(chdr_table *t) { chdr_init(t); }

static void st_defaults(chdr_table *t)
{
    static const chdr_pair d[] = CHDR_AXIS_DEFAULTS;
    static const chdr_pair small[] = {{"X-Frame-Options", "DENY"}, {"X-Q", "\"q\""}};
    chdr_init(t);
    /* a build with limits too small for the defaults (the small-limits run) gets two short ones */
    if (chdr_install(t, d, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK &&
        chdr_install(t, small, 2) != CHDR_OK)
        tt_current_failed = 1;
}

/* CHDR_MAX_HEADERS headers whose names and values fill CHDR_STORAGE exactly, each value made
   of `unit` bytes with a visible first and last byte, so list has the most to escape. */
static void fill_with(chdr_table *t, char unit)
{
    static char v[CHDR_VALUE_MAX + 1];
    size_t left = CHDR_STORAGE, i;
    chdr_init(t);
    for (i = 0; i < CHDR_MAX_HEADERS; i++) {
        char name[16];
        size_t nl = (size_t)snprintf(name, sizeof name, "X-F%02u", (unsigned)i);
        size_t headers_left = CHDR_MAX_HEADERS - i;
        size_t vl = (left - nl * headers_left) / headers_left;
        if (vl > CHDR_VALUE_MAX) vl = CHDR_VALUE_MAX;
        if (i == CHDR_MAX_HEADERS - 1) vl = left - nl;
        memset(v, unit, vl);
        if (unit == '\t' && vl >= 2) v[0] = v[vl - 1] = '"'; /* no blank at either end */
        if (chdr_set(t, name, nl, v, vl) != CHDR_OK) {
            tt_current_failed = 1;
            fprintf(stderr, "FAIL %s: setup chdr_set refused header %zu (%zu bytes)\n", tt_current, i, vl);
        }
        left -= nl + vl;
    }
}
static void st_full_quotes(chdr_table *t) { fill_with(t, '"'); }
static void st_full_backslashes(chdr_table *t) { fill_with(t, '\\'); }
static void st_full_tabs(chdr_table *t) { fill_with(t, '\t'); }

static void st_full_mixed(chdr_table *t)
{
    static const char pattern[] = "a\"b\\c\td e/f'g";
    static char v[CHDR_VALUE_MAX];
    size_t left = CHDR_STORAGE, i, k;
    chdr_init(t);
    for (i = 0; i < CHDR_MAX_HEADERS; i++) {
        char name[16];
        size_t nl = (size_t)snprintf(name, sizeof name, "X-M%02u", (unsigned)i);
        size_t vl = i == CHDR_MAX_HEADERS - 1 ? left - nl : (CHDR_STORAGE / CHDR_MAX_HEADERS) - nl;
        for (k = 0; k < vl; k++) v[k] = pattern[k % (sizeof pattern - 1)];
        v[vl - 1] = 'z';
        if (chdr_set(t, name, nl, v, vl) != CHDR_OK) tt_current_failed = 1;
        left -= nl + vl;
    }
}

/* ---- the contract, for one request ---------------------------------------------------------- */

static char full[CHDR_RESPONSE_MAX + 1];
static char block_full[CHDR_BLOCK_MAX + 1];
static char buf[CHDR_RESPONSE_MAX + 2 * SP_SLACK];

static int block_is(const chdr_table *t, const char *want, size_t wn)
{
    size_t len;
    const char *b = chdr_block(t, &len);
    return len == wn && (wn == 0 || memcmp(b, want, wn) == 0);
}

static int try_cap(const char *file, int line, setup_fn setup, const char *req, size_t n,
                   size_t full_len, size_t block_len, size_t cap, int heap_too)
{
    size_t r, i;
    char *exact;
    setup(&T);
    memset(buf, SP_CANARY, cap + SP_SLACK);
    r = chdr_handle(&T, req, n, buf, cap);
    if (r != full_len) {
        sp_fail(file, line, "cap %zu: returned %zu, the full response is %zu", cap, r, full_len);
        return 0;
    }
    for (i = cap; i < cap + SP_SLACK; i++)
        if ((unsigned char)buf[i] != SP_CANARY) {
            sp_fail(file, line, "cap %zu: byte %zu at or past cap was written", cap, i);
            return 0;
        }
    if (full_len > cap) {
        for (i = 0; i < cap; i++)
            if ((unsigned char)buf[i] != SP_CANARY) {
                sp_fail(file, line, "cap %zu < %zu: out was written partially (byte %zu)", cap,
                        full_len, i);
                return 0;
            }
    } else if (memcmp(buf, full, full_len) != 0) {
        sp_fail(file, line, "cap %zu: response differs from the one in a large buffer", cap);
        sp_show("got ", buf, full_len);
        sp_show("want", full, full_len);
        return 0;
    }
    if (!block_is(&T, block_full, block_len)) {
        sp_fail(file, line, "cap %zu: the request was not carried out as with a large buffer", cap);
        return 0;
    }
    /* the same through an exact-size heap buffer, for the sanitizers and valgrind */
    if (!heap_too) return 1;
    setup(&T);
    exact = (char *)malloc(cap ? cap : 1);
    if (!exact) abort();
    r = chdr_handle(&T, req, n, exact, cap);
    free(exact);
    if (r != full_len) {
        sp_fail(file, line, "cap %zu (heap buffer): returned %zu, expected %zu", cap, r, full_len);
        return 0;
    }
    return 1;
}

/* The same request through chdr_run and chdr_write, window by window. */
static chdr_call call;
static int try_stream(const char *file, int line, setup_fn setup, const char *req, size_t n,
                      size_t full_len, size_t block_len, size_t win, int backwards)
{
    size_t len, off, got, want, i, steps = full_len / win + 1, k;
    int rc;
    setup(&T);
    len = chdr_run(&T, &call, req, n);
    if (len != full_len) {
        sp_fail(file, line, "chdr_run returned %zu, chdr_handle %zu", len, full_len);
        return 0;
    }
    if (!block_is(&T, block_full, block_len)) {
        sp_fail(file, line, "chdr_run did not carry the request out as chdr_handle does");
        return 0;
    }
    for (k = 0; k < steps; k++) {
        off = backwards ? (steps - 1 - k) * win : k * win;
        want = len - off < win ? len - off : win;
        memset(buf, SP_CANARY, win + SP_SLACK);
        rc = chdr_write(&call, off, buf, win, &got);
        if (rc != CHDR_OK || got != want) {
            sp_fail(file, line, "window %zu at %zu: chdr_write %d, %zu bytes, expected %zu", win, off,
                    rc, got, want);
            return 0;
        }
        if (memcmp(buf, full + off, got) != 0) {
            sp_fail(file, line, "window %zu at %zu: bytes differ from chdr_handle's", win, off);
            sp_show("got ", buf, got);
            sp_show("want", full + off, got);
            return 0;
        }
        for (i = got; i < win + SP_SLACK; i++)
            if ((unsigned char)buf[i] != SP_CANARY) {
                sp_fail(file, line, "window %zu at %zu: byte %zu past what it wrote", win, off, i);
                return 0;
            }
    }
    return 1;
}

/* sampled: every cap within 64 of either end, a stride between (the big-request cases) */
static void check_buffer_caps(const char *file, int line, setup_fn setup, const char *req_text,
                              size_t n, int sampled)
{
    size_t full_len, block_len, cap, step;
    const char *b;
    char *req = (char *)malloc(n ? n : 1); /* exact size: a read past n is caught */
    static const size_t big[] = {CHDR_RESPONSE_MAX - 1, CHDR_RESPONSE_MAX, CHDR_RESPONSE_MAX + 1,
                                 CHDR_RESPONSE_MAX + SP_SLACK};
    size_t k;
    if (!req) abort();
    if (n) memcpy(req, req_text, n);
    setup(&T);
    full_len = chdr_handle(&T, req, n, full, CHDR_RESPONSE_MAX);
    if (full_len > CHDR_RESPONSE_MAX) {
        sp_fail(file, line, "response of %zu bytes > CHDR_RESPONSE_MAX %zu", full_len,
                (size_t)CHDR_RESPONSE_MAX);
        free(req);
        return;
    }
    /* the full response must be a well-formed response in its own right */
    sp_shape(file, line, full, full_len);
    b = chdr_block(&T, &block_len);
    if (block_len > CHDR_BLOCK_MAX) {
        sp_fail(file, line, "block longer than CHDR_BLOCK_MAX");
        free(req);
        return;
    }
    if (block_len) memcpy(block_full, b, block_len);
    /* every cap from 0 to the full length + 1 (quick or sampled: the edges and a stride) */
    step = quick ? 1 + full_len / 37 : sampled ? 1 + full_len / 300 : 1;
    for (cap = 0; cap <= full_len + 1;) {
        int edge = cap <= 64 || cap + 64 >= full_len;
        if (!try_cap(file, line, setup, req, n, full_len, block_len, cap, edge || cap % 7 == 0)) break;
        cap += edge ? 1 : step;
    }
    for (k = 0; k < sizeof big / sizeof big[0]; k++)
        if (!try_cap(file, line, setup, req, n, full_len, block_len, big[k], 1)) break;
    {
        /* windows of one byte only where the response is short: each window renders it all */
        static const size_t wins[] = {1, 2, 7, 64, 256, 1000};
        for (k = full_len <= 2048 ? 0 : 2; k < sizeof wins / sizeof wins[0]; k++)
            if (!try_stream(file, line, setup, req, n, full_len, block_len, wins[k], 0) ||
                !try_stream(file, line, setup, req, n, full_len, block_len, wins[k], 1))
                break;
        try_stream(file, line, setup, req, n, full_len, block_len, full_len + 1, 0);
    }
    free(req);
}
static void check_buffer(const char *file, int line, setup_fn setup, const char *req, size_t n)
{
    check_buffer_caps(file, line, setup, req, n, 0);
}
#define CHECK_BUFFER(setup, req) check_buffer(__FILE__, __LINE__, (setup), (req), strlen(req))

#define V10 "\"apiVersion\":\"1.0\""

/* ---- the cases -------------------------------------------------------------------------------- */

TEST(test_buffer_list_defaults)
{
    CHECK_BUFFER(st_defaults, "{" V10 ",\"context\":\"abc\",\"method\":\"list\"}");
}

TEST(test_buffer_list_full_table_escaped_values)
{
    CHECK_BUFFER(st_full_mixed, "{" V10 ",\"method\":\"list\"}");
    CHECK_BUFFER(st_full_quotes, "{" V10 ",\"method\":\"list\"}");
}

TEST(test_buffer_list_empty)
{
    CHECK_BUFFER(st_empty, "{" V10 ",\"method\":\"list\"}");
}

TEST(test_buffer_get_supported_versions)
{
    CHECK_BUFFER(st_empty, "{\"context\":\"c\",\"method\":\"getSupportedVersions\"}");
}

TEST(test_buffer_set_echo_is_carried_out)
{
    CHECK_BUFFER(st_defaults, "{" V10 ",\"context\":\"ctx\",\"method\":\"set\",\"params\":"
                              "{\"Access-Control-Allow-Origin\":\"*\",\"x-frame-options\":\"DENY\","
                              "\"X-Q\":\"\\\"quoted\\\" \\\\ \\u0041\\tb\"}}");
}

TEST(test_buffer_remove_echo_is_carried_out)
{
    CHECK_BUFFER(st_defaults, "{" V10 ",\"method\":\"remove\",\"params\":"
                              "{\"X-Frame-Options\":null,\"referrer-policy\":{\"a\":[1,2]},\"X-None\":\"\"}}");
}

TEST(test_buffer_errors)
{
    CHECK_BUFFER(st_defaults, "garbage");
    CHECK_BUFFER(st_defaults, "");
    CHECK_BUFFER(st_defaults, "{" V10 ",\"context\":\"c\",\"method\":\"set\",\"params\":{\"X-A\":\" x\"}}");
    CHECK_BUFFER(st_defaults, "{" V10 ",\"context\":\"c\",\"method\":\"set\",\"params\":{\"Host\":\"x\"}}");
    CHECK_BUFFER(st_defaults, "{\"apiVersion\":\"2.0\",\"context\":\"c\",\"method\":\"list\"}");
    CHECK_BUFFER(st_defaults, "{" V10 ",\"context\":\"c\",\"method\":\"nope\"}");
    CHECK_BUFFER(st_defaults, "{" V10 ",\"context\":5,\"method\":\"list\"}");
    CHECK_BUFFER(st_defaults, "{\"context\":\"c\"}");
    CHECK_BUFFER(st_full_quotes, "{" V10 ",\"method\":\"set\",\"params\":{\"X-New\":\"v\"}}");
    CHECK_BUFFER(st_empty, sp_fmt("{" V10 ",\"method\":\"list\",\"x\":[%s0]}", sp_rep("0,", 100)));
}

/* ---- the bound: the largest responses we can provoke ------------------------------------------ */

static void check_bound(const char *file, int line, setup_fn setup, const char *req, size_t n)
{
    size_t len;
    setup(&T);
    if (!sp_run(file, line, &T, req, n)) return;
    len = sp_len;
    if (len > CHDR_RESPONSE_MAX)
        sp_fail(file, line, "response %zu > CHDR_RESPONSE_MAX", len);
    if (getenv("SPEC_VERBOSE"))
        printf("  line %d: request %zu bytes, response %zu of CHDR_RESPONSE_MAX %zu (error %ld)\n",
               line, n, len, (size_t)CHDR_RESPONSE_MAX, sp_code);
    /* and the buffer contract at the edges of such a response */
    check_buffer_caps(file, line, setup, req, n, 1);
}
#define CHECK_BOUND(setup, req) check_bound(__FILE__, __LINE__, (setup), (req), strlen(req))

/* The longest context that is accepted, written with the most bytes per character. */
static const char *max_context(void)
{
    return sp_fmt("\"%s\"", sp_rep("\\\\", CHDR_CONTEXT_MAX / 2));
}

TEST(test_bound_list_full_table_with_max_context)
{
    const char *req = sp_fmt("{" V10 ",\"context\":%s,\"method\":\"list\"}", max_context());
    CHECK_BOUND(st_full_quotes, req);
    CHECK_BOUND(st_full_backslashes, req);
    CHECK_BOUND(st_full_tabs, req);
    CHECK_BOUND(st_full_mixed, req);
}

/* A request of exactly CHDR_REQUEST_MAX bytes: prefix, filler of `unit`, suffix. */
static const char *sized(const char *prefix, const char *unit, const char *suffix)
{
    size_t fixed = strlen(prefix) + strlen(suffix), u = strlen(unit);
    size_t count = fixed < CHDR_REQUEST_MAX ? (CHDR_REQUEST_MAX - fixed) / u : 0;
    char *s = sp_fmt("%s%s", prefix, sp_rep(unit, count));
    size_t pad = fixed < CHDR_REQUEST_MAX ? CHDR_REQUEST_MAX - fixed - count * u : 0;
    memset(s + strlen(s), 'a', pad); /* pad with plain letters to hit the size exactly */
    strcpy(s + strlen(prefix) + count * u + pad, suffix);
    return s;
}

TEST(test_bound_remove_echo_of_maximal_request)
{
    const char *req;
    /* values are echoed as written: one long escaped string value */
    req = sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"remove\",\"params\":{\"X-A\":\"", max_context()),
                "\\u0041", "\"}}");
    CHECK(strlen(req) == CHDR_REQUEST_MAX || CHDR_REQUEST_MAX < 512);
    CHECK_BOUND(st_defaults, req);
    /* many small values, as many as the token limit allows */
    req = sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"remove\",\"params\":{\"X-A\":[\"",
                       max_context()), "\\\"", "\"],\"X-B\":[1,2,3,4,5,6,7,8,9,10]}}");
    CHECK_BOUND(st_defaults, req);
}

TEST(test_bound_set_echo_of_maximal_request)
{
    /* a set of CHDR_VALUE_MAX escaped characters per header, as many as storage takes */
    const char *v = sp_rep("\\u0022", CHDR_VALUE_MAX - 4);
    const char *req = sp_fmt("{" V10 ",\"context\":%s,\"method\":\"set\",\"params\":{\"X-A\":\"%s\"}}",
                             max_context(), v);
    CHECK_BOUND(st_empty, req);
    req = sp_fmt("{" V10 ",\"context\":%s,\"method\":\"set\",\"params\":{\"X-A\":\"a%sa\",\"X-B\":\"%s\"}}",
                 max_context(), sp_rep("\\t\\\\", 250), sp_rep("\\u005c", 1000));
    CHECK_BOUND(st_empty, req);
}

TEST(test_bound_errors_quoting_request_text)
{
    /* an unknown method as long as the body allows, with the longest context */
    CHECK_BOUND(st_defaults, sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"", max_context()), "\\u0041", "\"}"));
    CHECK_BOUND(st_defaults, sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"", max_context()), "\\\"", "\"}"));
    /* a context far over its limit is still echoed */
    CHECK_BOUND(st_defaults, sized("{" V10 ",\"method\":\"list\",\"context\":\"", "\\u0041", "\"}"));
    CHECK_BOUND(st_defaults, sized("{" V10 ",\"method\":\"nope\",\"context\":\"", "\\\\", "\"}"));
    /* a bad header name as long as the body allows; a message may quote it */
    CHECK_BOUND(st_defaults, sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"set\",\"params\":{\"", max_context()),
                                   "\\u0022", "\":\"v\"}}"));
    CHECK_BOUND(st_defaults, sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"remove\",\"params\":{\"", max_context()),
                                   "\\\\", "\":\"v\"}}"));
    CHECK_BOUND(st_defaults, sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"set\",\"params\":{\"X-A\":\"v\",\"", max_context()),
                                   "\\u0041", "\":\"v\"}}"));
    /* a bad value as long as the body allows */
    CHECK_BOUND(st_defaults, sized(sp_fmt("{" V10 ",\"context\":%s,\"method\":\"set\",\"params\":{\"%s\":\"", max_context(),
                                          sp_rep("N", CHDR_NAME_MAX)), "\\r", "\"}}"));
    /* a body over CHDR_REQUEST_MAX */
    {
        const char *req = sp_fmt("{" V10 ",\"method\":\"nope\",\"x\":\"%s\"}", sp_rep("\\u0041", CHDR_REQUEST_MAX));
        setup_fn s = st_defaults;
        check_bound(__FILE__, __LINE__, s, req, strlen(req));
    }
}

/* ---- the streaming calls' refusals ------------------------------------------------------------ */

#define LIST_REQ "{" V10 ",\"method\":\"list\"}"

TEST(test_stream_write_needs_a_run)
{
    static chdr_call none; /* zeroed: no run filled it in */
    size_t n = 99;
    memset(buf, SP_CANARY, 16);
    CHECK_EQ_INT(chdr_write(&none, 0, buf, 16, &n), CHDR_ERR_NO_RUN);
    CHECK_EQ_INT(n, 0);
    CHECK((unsigned char)buf[0] == SP_CANARY);
}

TEST(test_stream_offset_past_the_end_is_refused)
{
    size_t len, n = 99;
    st_defaults(&T);
    len = chdr_run(&T, &call, LIST_REQ, strlen(LIST_REQ));
    CHECK(len > 0);
    CHECK_EQ_INT(chdr_write(&call, len, buf, 16, &n), CHDR_OK); /* the end itself: nothing left */
    CHECK_EQ_INT(n, 0);
    n = 99;
    memset(buf, SP_CANARY, 16);
    CHECK_EQ_INT(chdr_write(&call, len + 1, buf, 16, &n), CHDR_ERR_OFFSET);
    CHECK_EQ_INT(n, 0);
    CHECK((unsigned char)buf[0] == SP_CANARY);
    CHECK_EQ_INT(chdr_write(&call, (size_t)-1, buf, 16, &n), CHDR_ERR_OFFSET);
    /* a window as large as size_t goes: off + cap wraps, the rest of the response still comes */
    memset(buf, SP_CANARY, len + SP_SLACK);
    CHECK_EQ_INT(chdr_write(&call, 5, buf, (size_t)-1, &n), CHDR_OK);
    CHECK_EQ_INT(n, len - 5);
    CHECK((unsigned char)buf[0] != SP_CANARY && (unsigned char)buf[len - 5] == SP_CANARY);
}

TEST(test_stream_table_changed_after_the_run_is_refused)
{
    size_t len, n = 99, vlen = 0;
    const char *v = "";
    uint32_t before;
    st_defaults(&T);
    len = chdr_run(&T, &call, LIST_REQ, strlen(LIST_REQ));
    CHECK(len > 0);
    /* a set that leaves the table as it was is no change: the state stays good */
    before = chdr_changes(&T);
    CHECK(chdr_find(&T, "X-Frame-Options", 15, &v, &vlen));
    CHECK_EQ_INT(chdr_set(&T, "X-Frame-Options", 15, v, vlen), CHDR_OK);
    CHECK_EQ_INT(chdr_changes(&T), before);
    CHECK_EQ_INT(chdr_write(&call, 0, buf, 16, &n), CHDR_OK);
    CHECK_EQ_INT(n, 16);
    /* a real change makes the list it describes stale */
    CHECK_EQ_INT(chdr_set(&T, "X-New", 5, "1", 1), CHDR_OK);
    n = 99;
    memset(buf, SP_CANARY, 16);
    CHECK_EQ_INT(chdr_write(&call, 0, buf, 16, &n), CHDR_ERR_STALE);
    CHECK_EQ_INT(n, 0);
    CHECK((unsigned char)buf[0] == SP_CANARY);
    /* running it again gives a good state */
    len = chdr_run(&T, &call, LIST_REQ, strlen(LIST_REQ));
    CHECK_EQ_INT(chdr_write(&call, 0, buf, len, &n), CHDR_OK);
    CHECK_EQ_INT(n, len);
}

TEST(test_stream_a_256_byte_window_carries_the_largest_list)
{
    /* a full table of tab-filled values: the list escapes the most */
    size_t len, off = 0, n, k = 0;
    static char whole[CHDR_RESPONSE_MAX];
    st_full_tabs(&T);
    len = chdr_handle(&T, LIST_REQ, strlen(LIST_REQ), whole, sizeof whole);
    CHECK(len <= CHDR_RESPONSE_MAX);
    CHECK_EQ_INT(chdr_run(&T, &call, LIST_REQ, strlen(LIST_REQ)), len);
    while (off < len && k++ < len) {
        CHECK_EQ_INT(chdr_write(&call, off, buf, 256, &n), CHDR_OK);
        CHECK(n > 0 && memcmp(buf, whole + off, n) == 0);
        off += n;
    }
    CHECK_EQ_INT(off, len);
}

int main(int argc, char **argv)
{
    quick = argc > 1 && strcmp(argv[1], "quick") == 0;
    RUN(test_buffer_list_defaults);
    RUN(test_buffer_list_full_table_escaped_values);
    RUN(test_buffer_list_empty);
    RUN(test_buffer_get_supported_versions);
    RUN(test_buffer_set_echo_is_carried_out);
    RUN(test_buffer_remove_echo_is_carried_out);
    RUN(test_buffer_errors);
    RUN(test_bound_list_full_table_with_max_context);
    RUN(test_bound_remove_echo_of_maximal_request);
    RUN(test_bound_set_echo_of_maximal_request);
    RUN(test_bound_errors_quoting_request_text);
    RUN(test_stream_write_needs_a_run);
    RUN(test_stream_offset_past_the_end_is_refused);
    RUN(test_stream_table_changed_after_the_run_is_refused);
    RUN(test_stream_a_256_byte_window_carries_the_largest_list);
    return tt_summary();
}
