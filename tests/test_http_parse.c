/* The demo server's request parser (examples/server/http_parse.c), rule by rule of RFC 9112
   (message syntax) and RFC 9110 (fields), plus the limits and smuggling refusals its header
   promises. Expected values come from the RFCs and http_parse.h, never from a run. */
#include "http_parse.h"
#include "tinytest.h"

static hp_request req;

static int parse(const char *s) { return hp_parse(s, strlen(s), &req); }

#define SIMPLE "GET /index.html?x=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n"

TEST(simple_get_fills_every_field)
{
    CHECK_EQ_INT(parse(SIMPLE), strlen(SIMPLE));
    CHECK_EQ_STR(req.method, req.method_len, "GET");
    CHECK_EQ_STR(req.target, req.target_len, "/index.html?x=1");
    CHECK_EQ_INT(req.minor_version, 1);
    CHECK_EQ_INT(req.num_headers, 2);
    CHECK_EQ_STR(req.headers[0].name, req.headers[0].name_len, "Host");
    CHECK_EQ_STR(req.headers[0].value, req.headers[0].value_len, "example");
    CHECK_EQ_STR(req.headers[1].value, req.headers[1].value_len, "*/*");
    CHECK_EQ_INT(req.content_length, 0);
    CHECK_EQ_INT(req.keep_alive, 1); /* HTTP/1.1 persists by default (RFC 9112 9.3) */
    CHECK_EQ_INT(req.expect_continue, 0);
}

TEST(every_proper_prefix_needs_more)
{
    size_t n, len = strlen(SIMPLE);
    for (n = 0; n < len; n++)
        if (hp_parse(SIMPLE, n, &req) != HP_NEED_MORE) TT_FAIL("prefix of %zu bytes", n);
}

TEST(body_bytes_are_left_to_the_caller)
{
    const char *s = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
    CHECK_EQ_INT(parse(s), strlen(s) - 5);
    CHECK_EQ_INT(req.content_length, 5);
}

TEST(leading_empty_lines_are_skipped) /* RFC 9112 2.2 */
{
    const char *s = "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
    CHECK_EQ_INT(parse(s), strlen(s));
    CHECK_EQ_STR(req.method, req.method_len, "GET");
}

TEST(connection_options_decide_persistence)
{
    parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    CHECK_EQ_INT(req.keep_alive, 0);
    parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade , CLOSE\r\n\r\n");
    CHECK_EQ_INT(req.keep_alive, 0);
    parse("GET / HTTP/1.0\r\n\r\n");
    CHECK_EQ_INT(req.keep_alive, 0); /* 1.0 closes unless it asks */
    parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    CHECK_EQ_INT(req.keep_alive, 1);
    parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: closed\r\n\r\n");
    CHECK_EQ_INT(req.keep_alive, 1); /* a different token, not "close" */
}

TEST(expect_100_continue_is_reported)
{
    parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n");
    CHECK_EQ_INT(req.expect_continue, 1);
}

TEST(field_values_lose_surrounding_blanks_only) /* RFC 9112 5: OWS around the value */
{
    parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: \t a  b \t \r\nX-Empty:\r\n\r\n");
    CHECK_EQ_STR(req.headers[1].value, req.headers[1].value_len, "a  b");
    CHECK_EQ_STR(req.headers[2].value, req.headers[2].value_len, "");
}

TEST(obs_text_is_allowed_in_values) /* RFC 9110 5.5 */
{
    CHECK(parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: caf\xc3\xa9\r\n\r\n") > 0);
}

TEST(content_length_rules) /* RFC 9112 6.3 */
{
    CHECK(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\ncontent-length: 7\r\n\r\n") > 0);
    CHECK_EQ_INT(req.content_length, 7);
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7, 7\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +7\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n"), HP_BAD);
    CHECK(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n\r\n") > 0);
    CHECK(req.content_length == HP_LENGTH_HUGE);
    /* the same number with leading zeros is the same length */
    CHECK(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\nContent-Length: 007\r\n\r\n") > 0);
    CHECK_EQ_INT(req.content_length, 7);
}

/* fuzz_server found two different lengths too large to hold accepted as one: both were capped
   to HP_LENGTH_HUGE before the comparison (fuzz/regress/server/s1_*). */
TEST(two_different_huge_content_lengths_are_bad)
{
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 18446744073709551612\r\n"
                       "Content-Length: 18446744073709551614\r\n\r\n"),
                 HP_BAD);
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n"
                       "Content-Length: 99999999999999999999999998\r\n\r\n"),
                 HP_BAD);
    CHECK(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n"
                "Content-Length: 099999999999999999999999999\r\n\r\n") > 0);
}

TEST(transfer_encoding_is_refused) /* a smuggling vector; the demo takes Content-Length only */
{
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"), HP_UNSUPPORTED);
    CHECK_EQ_INT(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"), HP_UNSUPPORTED);
    CHECK_EQ_INT(parse("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), HP_BAD);
}

TEST(host_is_required_once_in_1_1) /* RFC 9112 3.2 */
{
    CHECK_EQ_INT(parse("GET / HTTP/1.1\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), HP_BAD);
    CHECK(parse("GET / HTTP/1.0\r\n\r\n") > 0);
}

TEST(malformed_lines_are_bad)
{
    CHECK_EQ_INT(parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n folded\r\n\r\n"), HP_BAD); /* obs-fold */
    CHECK_EQ_INT(parse("GET / HTTP/1.1\r\nHost: h\r\nX-A : 1\r\n\r\n"), HP_BAD); /* RFC 9112 5.1 */
    CHECK_EQ_INT(parse("GET / HTTP/1.1\nHost: h\n\n"), HP_BAD);              /* bare LF */
    CHECK_EQ_INT(parse("GET / HTTP/1.1\r\nHost: h\rX: 1\r\n\r\n"), HP_BAD);  /* bare CR */
    CHECK_EQ_INT(hp_parse("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 29, &req), HP_BAD);
    CHECK_EQ_INT(parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x7f\r\n\r\n"), HP_BAD); /* DEL */
    CHECK_EQ_INT(parse("GET / HTTP/1.1\r\nHost: h\r\n: empty name\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), HP_BAD);  /* two spaces */
    CHECK_EQ_INT(parse("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), HP_BAD);  /* trailing space */
    CHECK_EQ_INT(parse("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"), HP_BAD);   /* method is a token */
    CHECK_EQ_INT(parse("GET / HTTP/1.12\r\nHost: h\r\n\r\n"), HP_BAD);
    CHECK_EQ_INT(parse("GET / http/1.1\r\nHost: h\r\n\r\n"), HP_BAD);   /* case-sensitive */
}

TEST(garbage_is_refused_without_waiting_for_more)
{
    CHECK_EQ_INT(hp_parse("\x16\x03", 2, &req), HP_BAD); /* a TLS ClientHello's first bytes */
    CHECK_EQ_INT(hp_parse("\x00", 1, &req), HP_BAD);
    CHECK_EQ_INT(hp_parse("GET / X", 7, &req), HP_BAD);
    CHECK_EQ_INT(hp_parse("\r\r", 2, &req), HP_BAD);
}

TEST(versions)
{
    CHECK_EQ_INT(parse("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), HP_VERSION);
    CHECK_EQ_INT(parse("GET / HTTP/0.9\r\nHost: h\r\n\r\n"), HP_VERSION);
    CHECK(parse("GET / HTTP/1.9\r\nHost: h\r\n\r\n") > 0); /* a later 1.x is answered as 1.1 */
    CHECK_EQ_INT(req.minor_version, 1);
}

static char big[HP_HEAD_MAX + 64];

TEST(header_count_limit)
{
    size_t n = 0;
    int i;
    n += (size_t)sprintf(big + n, "GET / HTTP/1.1\r\nHost: h\r\n");
    for (i = 1; i < HP_MAX_HEADERS; i++) n += (size_t)sprintf(big + n, "X-%d: v\r\n", i);
    strcpy(big + n, "\r\n");
    CHECK(hp_parse(big, n + 2, &req) > 0);
    CHECK_EQ_INT(req.num_headers, HP_MAX_HEADERS);
    n += (size_t)sprintf(big + n, "X-last: v\r\n\r\n");
    CHECK_EQ_INT(hp_parse(big, n, &req), HP_TOO_LARGE);
}

TEST(head_size_limit)
{
    static const char start[] = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ";
    size_t pad;
    /* a head of exactly HP_HEAD_MAX bytes is accepted */
    pad = HP_HEAD_MAX - (sizeof start - 1) - 4;
    memcpy(big, start, sizeof start - 1);
    memset(big + sizeof start - 1, 'a', pad);
    memcpy(big + sizeof start - 1 + pad, "\r\n\r\n", 4);
    CHECK_EQ_INT(hp_parse(big, HP_HEAD_MAX, &req), HP_HEAD_MAX);
    /* one byte more is too large, complete or not */
    memset(big + sizeof start - 1, 'a', pad + 1);
    memcpy(big + sizeof start - 1 + pad + 1, "\r\n\r\n", 4);
    CHECK_EQ_INT(hp_parse(big, HP_HEAD_MAX + 1, &req), HP_TOO_LARGE);
    CHECK_EQ_INT(hp_parse(big, HP_HEAD_MAX, &req), HP_TOO_LARGE);
    CHECK_EQ_INT(hp_parse(big, HP_HEAD_MAX - 1, &req), HP_NEED_MORE);
}

TEST(request_line_limit)
{
    memcpy(big, "GET /", 5);
    memset(big + 5, 'a', HP_HEAD_MAX);
    CHECK_EQ_INT(hp_parse(big, HP_HEAD_MAX + 5, &req), HP_URI_TOO_LONG);
}

TEST(find_is_case_insensitive)
{
    parse("GET / HTTP/1.1\r\nHost: h\r\nauthorization: Basic eA==\r\n\r\n");
    CHECK(hp_find(&req, "Authorization") != NULL);
    CHECK(hp_find(&req, "Authorization") == &req.headers[1]);
    CHECK(hp_find(&req, "Authorizatio") == NULL);
    CHECK(hp_find(&req, "Authorizations") == NULL);
}

int main(void)
{
    RUN(simple_get_fills_every_field);
    RUN(every_proper_prefix_needs_more);
    RUN(body_bytes_are_left_to_the_caller);
    RUN(leading_empty_lines_are_skipped);
    RUN(connection_options_decide_persistence);
    RUN(expect_100_continue_is_reported);
    RUN(field_values_lose_surrounding_blanks_only);
    RUN(obs_text_is_allowed_in_values);
    RUN(content_length_rules);
    RUN(two_different_huge_content_lengths_are_bad);
    RUN(transfer_encoding_is_refused);
    RUN(host_is_required_once_in_1_1);
    RUN(malformed_lines_are_bad);
    RUN(garbage_is_refused_without_waiting_for_more);
    RUN(versions);
    RUN(header_count_limit);
    RUN(head_size_limit);
    RUN(request_line_limit);
    RUN(find_is_case_insensitive);
    return tt_summary();
}
