/* test_jsmn.c - the strict tokenizer against RFC 8259 and upstream jsmn's token conventions.
 * Expected tokens are derived by hand from the documents: offsets count bytes from 0, a string
 * spans its text without quotes, a container spans its brackets, object size = keys, key size
 * = 1, array size = elements. Built twice: plain and with JSMN_PARENT_LINKS. */
#include "jsmn/jsmn.h"
#include "tests/tinytest.h"

#ifndef JSMN_STRICT_RFC8259
#error "jsmn/jsmn.h is not the strict tokenizer"
#endif

#define CAP 256
static jsmntok_t toks[CAP];

typedef struct {
    jsmntype_t type;
    int start, end, size;
} want_t;

static int parse_n(const char *js, size_t len, jsmntok_t *t, unsigned int cap)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, t, cap);
}
static int parse(const char *js) { return parse_n(js, strlen(js), toks, CAP); }
static int count(const char *js)
{
    return parse_n(js, strlen(js), NULL, 0);
}

/* Both modes must give the same answer; returns it. */
static int both(const char *js, size_t len)
{
    int r = parse_n(js, len, toks, CAP), c = parse_n(js, len, NULL, 0);
    if (r != c) TT_FAIL("token mode %d, counting mode %d for <%.*s>", r, c, (int)len, js);
    return r;
}

static void want_tokens(const char *js, const want_t *w, int nw)
{
    int r = both(js, strlen(js)), k;
    if (r != nw) {
        TT_FAIL("<%s>: %d tokens, expected %d", js, r, nw);
        return;
    }
    for (k = 0; k < nw; k++)
        if (toks[k].type != w[k].type || toks[k].start != w[k].start ||
            toks[k].end != w[k].end || toks[k].size != w[k].size)
            TT_FAIL("<%s> token %d: type %d [%d,%d) size %d, expected type %d [%d,%d) size %d", js,
                    k, toks[k].type, toks[k].start, toks[k].end, toks[k].size, w[k].type,
                    w[k].start, w[k].end, w[k].size);
}
#define WANT(js, ...)                                                                      \
    do {                                                                                   \
        static const want_t w_[] = {__VA_ARGS__};                                          \
        want_tokens(js, w_, (int)(sizeof w_ / sizeof w_[0]));                              \
    } while (0)
#define O JSMN_OBJECT
#define A JSMN_ARRAY
#define S JSMN_STRING
#define P JSMN_PRIMITIVE

/* One value alone must be one token spanning `span` (its text, or its text without quotes). */
static void accept_value(const char *value, jsmntype_t type)
{
    int r = both(value, strlen(value));
    int q = type == JSMN_STRING;
    if (r != 1) {
        TT_FAIL("<%s>: %d, expected 1 token", value, r);
        return;
    }
    CHECK_EQ_INT(toks[0].type, type);
    CHECK_EQ_INT(toks[0].start, q);
    CHECK_EQ_INT(toks[0].end, (int)strlen(value) - q);
    CHECK_EQ_INT(toks[0].size, 0);
}

/* The value inside an array, and as a member value, with the same span shifted. */
static void accept_nested(const char *value, jsmntype_t type)
{
    char buf[128];
    int q = type == JSMN_STRING, len = (int)strlen(value), r;
    snprintf(buf, sizeof buf, "[%s]", value);
    r = both(buf, strlen(buf));
    if (r != 2) TT_FAIL("<%s>: %d, expected 2 tokens", buf, r);
    else {
        CHECK_EQ_INT(toks[1].type, type);
        CHECK_EQ_INT(toks[1].start, 1 + q);
        CHECK_EQ_INT(toks[1].end, 1 + len - q);
        CHECK_EQ_INT(toks[0].size, 1);
    }
    snprintf(buf, sizeof buf, "{\"k\":%s}", value);
    r = both(buf, strlen(buf));
    if (r != 3) TT_FAIL("<%s>: %d, expected 3 tokens", buf, r);
    else {
        CHECK_EQ_INT(toks[2].type, type);
        CHECK_EQ_INT(toks[2].start, 5 + q);
        CHECK_EQ_INT(toks[2].end, 5 + len - q);
    }
}

static void accept(const char *value, jsmntype_t type)
{
    accept_value(value, type);
    accept_nested(value, type);
}

static void reject_len(const char *js, size_t len, int err)
{
    int r = both(js, len);
    if (r != err) TT_FAIL("<%.*s> (%d bytes): %d, expected %d", (int)len, js, (int)len, r, err);
}
static void reject(const char *js, int err) { reject_len(js, strlen(js), err); }

/* A value that is wrong in itself is INVAL inside a container, whatever follows it. */
static void reject_value(const char *value)
{
    char buf[128];
    snprintf(buf, sizeof buf, "[%s]", value);
    reject(buf, JSMN_ERROR_INVAL);
    snprintf(buf, sizeof buf, "{\"k\":%s}", value);
    reject(buf, JSMN_ERROR_INVAL);
    snprintf(buf, sizeof buf, "[%s,1]", value);
    reject(buf, JSMN_ERROR_INVAL);
}

/* ---- RFC 8259 section 2: a JSON text is one value with optional whitespace around it */

/* A parser the caller never initialised, or whose state it overwrote, takes nothing: its
   expect field holds no state jsmn_init or jsmn_parse would store. */
TEST(a_parser_in_no_known_state_refuses_everything)
{
    jsmn_parser p;
    jsmntok_t t[4];
    jsmn_init(&p);
    p.expect = JSMN__AFTER + 1;
    CHECK_EQ_INT(jsmn_parse(&p, "{}", 2, t, 4), JSMN_ERROR_INVAL);
    CHECK_EQ_INT(jsmn_parse(&p, "{}", 2, NULL, 0), JSMN_ERROR_INVAL);
    p.expect = JSMN__FAILED;
    CHECK_EQ_INT(jsmn_parse(&p, "{}", 2, t, 4), JSMN_ERROR_INVAL);
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "{}", 2, t, 4), 1);
}

TEST(empty_and_whitespace_only_input_is_partial)
{
    reject("", JSMN_ERROR_PART);
    reject(" ", JSMN_ERROR_PART);
    reject(" \t\r\n ", JSMN_ERROR_PART);
}

TEST(no_text_at_all_is_partial)
{
    jsmn_parser p;
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, NULL, 0, toks, CAP), JSMN_ERROR_PART);
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, NULL, 0, NULL, 0), JSMN_ERROR_PART);
}

TEST(surrounding_whitespace_is_allowed)
{
    WANT(" \t\r\n{} \t\r\n", {O, 4, 6, 0});
    WANT("\n1\n", {P, 1, 2, 0});
}

TEST(only_four_whitespace_characters)
{
    reject("\f{}", JSMN_ERROR_INVAL);
    reject("{}\v", JSMN_ERROR_INVAL);
    reject("[1,\xc2\xa0" "2]", JSMN_ERROR_INVAL); /* U+00A0 no-break space */
    reject_len("[1,\0 2]", 7, JSMN_ERROR_INVAL);
}

TEST(anything_after_the_value_is_invalid)
{
    reject("{} {}", JSMN_ERROR_INVAL);
    reject("1 2", JSMN_ERROR_INVAL);
    reject("[]x", JSMN_ERROR_INVAL);
    reject("\"a\"\"b\"", JSMN_ERROR_INVAL);
    reject("true,", JSMN_ERROR_INVAL);
    reject("{}]", JSMN_ERROR_INVAL);
    reject("{}}", JSMN_ERROR_INVAL);
    reject("[1]]", JSMN_ERROR_INVAL);
    reject_len("{}\0", 3, JSMN_ERROR_INVAL);
    reject("0 ,", JSMN_ERROR_INVAL);
}

TEST(a_utf8_bom_is_rejected)
{
    reject("\xef\xbb\xbf{}", JSMN_ERROR_INVAL);
}

TEST(non_ascii_outside_strings_is_invalid)
{
    reject("\xc3\xa9", JSMN_ERROR_INVAL);
    reject("[\xc3\xa9]", JSMN_ERROR_INVAL);
    reject("{}\x80", JSMN_ERROR_INVAL);
    reject("[1\xff]", JSMN_ERROR_INVAL);
}

/* ---- section 3: literals */

TEST(literals_true_false_null)
{
    accept("true", P);
    accept("false", P);
    accept("null", P);
}

TEST(other_words_are_invalid)
{
    const char *bad[] = {"True", "FALSE", "nul", "nulll", "truefalse", "trUe", "undefined",
                         "nan", "NaN", "Infinity", "t", "f", "n", "tru", "fals"};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) reject_value(bad[k]);
    reject("nulll", JSMN_ERROR_INVAL);
    reject("True", JSMN_ERROR_INVAL);
}

/* ---- section 4: objects */

TEST(object_tokens_follow_upstream_conventions)
{
    WANT("{}", {O, 0, 2, 0});
    /*    0123456789012345678901234 */
    WANT("{\"a\":1,\"b\":[true,null]}", {O, 0, 23, 2}, {S, 2, 3, 1}, {P, 5, 6, 0},
         {S, 8, 9, 1}, {A, 11, 22, 2}, {P, 12, 16, 0}, {P, 17, 21, 0});
    /*    0 1234567 8 9 0 */
    WANT("{ \"k\" : { } }", {O, 0, 13, 1}, {S, 3, 4, 1}, {O, 8, 11, 0});
}

TEST(object_keys_must_be_strings)
{
    const char *bad[] = {"{1:2}", "{true:1}", "{null:1}", "{{}:1}", "{[]:1}", "{a:1}",
                         "{'a':1}"};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) reject(bad[k], JSMN_ERROR_INVAL);
}

TEST(object_member_syntax)
{
    const char *bad[] = {"{\"a\"}",         "{\"a\":}",         "{\"a\" 1}",
                         "{,}",             "{\"a\":1,}",       "{\"a\":1 \"b\":2}",
                         "{\"a\"::1}",      "{:1}",             "{\"a\":1,,\"b\":2}",
                         "{\"a\",\"b\"}",   "{\"a\":1:2}",      "{\"a\":1]",
                         "{\"a\":[}",       "{\"a\":1}}",       "{{}}",
                         "{\"a\":1,:2}",    "{,\"a\":1}",       "{\"a\":\"b\":\"c\"}"};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) reject(bad[k], JSMN_ERROR_INVAL);
}

TEST(duplicate_keys_are_tokenized)
{
    /* RFC 8259 says names SHOULD be unique; rejecting duplicates is the caller's business. */
    WANT("{\"a\":1,\"a\":2}", {O, 0, 13, 2}, {S, 2, 3, 1}, {P, 5, 6, 0}, {S, 8, 9, 1},
         {P, 11, 12, 0});
}

/* ---- section 5: arrays */

TEST(array_tokens_follow_upstream_conventions)
{
    WANT("[]", {A, 0, 2, 0});
    WANT("[[]]", {A, 0, 4, 1}, {A, 1, 3, 0});
    /*    0123456789012345 */
    WANT("[1,\"x\",{},[2]]", {A, 0, 14, 4}, {P, 1, 2, 0}, {S, 4, 5, 0}, {O, 7, 9, 0},
         {A, 10, 13, 1}, {P, 11, 12, 0});
}

TEST(array_element_syntax)
{
    const char *bad[] = {"[1,]", "[,1]", "[,]", "[1 2]", "[1,,2]", "[\"a\":1]", "[}",
                         "]",    "}",    ":",   ",",     "[1}",    "[{]}",      "[[]]]"};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) reject(bad[k], JSMN_ERROR_INVAL);
}

/* ---- section 6: numbers -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */

TEST(numbers_of_every_shape)
{
    const char *ok[] = {"0",     "-0",    "7",        "10",     "-123",  "1234567890",
                        "0.0",   "-0.5",  "3.14159",  "1e5",    "1E5",   "1e+5",
                        "1e-5",  "1E-05", "0e0",      "-0E+0",  "1.5e10", "-1.25E-300",
                        "1e999", "12.0001e+0009"};
    size_t k;
    for (k = 0; k < sizeof ok / sizeof ok[0]; k++) accept(ok[k], P);
}

TEST(malformed_numbers)
{
    const char *bad[] = {"01",  "-01", "00",  "+1",   ".5",    "1.",   "1.e5", "1e",
                         "1e+", "1e-", "-",   "--1",  "- 1",   "0x1",  "1.5.3", "1e5.3",
                         "1e5e5", "0b1", "1_000", "-.5", "1.5e+-3", "-a", "1ee5", "1.+1",
                         "\xef\xbc\x91"};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) reject_value(bad[k]);
    /* A malformed number alone: INVAL, except where a longer text could still complete it. */
    reject("01", JSMN_ERROR_INVAL);
    reject("+1", JSMN_ERROR_INVAL);
    reject("1.e5", JSMN_ERROR_INVAL);
    reject("1.", JSMN_ERROR_PART);
    reject("1e", JSMN_ERROR_PART);
    reject("1e+", JSMN_ERROR_PART);
    reject("-", JSMN_ERROR_PART);
}

/* ---- section 7: strings */

TEST(string_tokens_exclude_quotes)
{
    accept("\"\"", S);
    accept("\"abc\"", S);
    accept("\"a b\\\"c\"", S);
    accept("\"\x7f\"", S); /* DEL is not a control character in RFC 8259's grammar */
}

TEST(the_eight_escapes_and_u_escapes)
{
    accept("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", S);
    accept("\"\\u0041\\u00e9\\uFFFF\\uabcd\\u0000\"", S);
    accept("\"\\ud83d\\ude00\"", S);
}

TEST(escaped_lone_surrogates_are_accepted)
{
    /* RFC 8259 section 7's grammar allows any \uXXXX; section 8.2 leaves lone surrogates to
       the application. Decision: accept (see README). */
    accept("\"\\uD800\"", S);
    accept("\"\\uDFFF\\uD800\"", S);
}

TEST(bad_escapes)
{
    const char *bad[] = {"\"\\a\"",     "\"\\x41\"",  "\"\\U0041\"", "\"\\u12\"",
                         "\"\\u12G4\"", "\"\\'\"",    "\"\\0\"",     "\"\\u-123\"",
                         "\"\\ \"",     "\"\\\xc3\xa9\"", "\"\\u00\xc3\xa9\""};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) reject_value(bad[k]);
}

TEST(raw_control_characters_in_strings)
{
    char buf[8];
    int c;
    for (c = 0; c < 0x20; c++) {
        buf[0] = '"';
        buf[1] = 'a';
        buf[2] = (char)c;
        buf[3] = '"';
        reject_len(buf, 4, JSMN_ERROR_INVAL);
    }
}

TEST(valid_utf8_in_strings)
{
    const char *ok[] = {"\"\xc2\x80\"",         "\"\xdf\xbf\"",         "\"\xe0\xa0\x80\"",
                        "\"\xed\x9f\xbf\"",     "\"\xee\x80\x80\"",     "\"\xef\xbf\xbf\"",
                        "\"\xf0\x90\x80\x80\"", "\"\xf4\x8f\xbf\xbf\"", "\"caf\xc3\xa9\"",
                        "\"\xe2\x82\xac\xf0\x9f\x98\x80\""};
    size_t k;
    for (k = 0; k < sizeof ok / sizeof ok[0]; k++) accept(ok[k], S);
}

TEST(invalid_utf8_in_strings)
{
    const char *bad[] = {
        "\"\x80\"",             "\"\xbf\"",             "\"a\x80z\"",  /* stray continuation */
        "\"\xc0\x80\"",         "\"\xc1\xbf\"",         "\"\xe0\x80\x80\"", /* overlong */
        "\"\xe0\x9f\xbf\"",     "\"\xf0\x80\x80\x80\"", "\"\xf0\x8f\xbf\xbf\"",
        "\"\xed\xa0\x80\"",     "\"\xed\xbf\xbf\"",     /* encoded surrogates */
        "\"\xf4\x90\x80\x80\"", "\"\xf5\x80\x80\x80\"", "\"\xf8\x88\x80\x80\x80\"", /* > U+10FFFF */
        "\"\xfe\"",             "\"\xff\"",
        "\"\xc2\x41\"",         "\"\xe1\x80\x41\"",     "\"\xf1\x80\x80\x41\"", /* cut short */
        "\"\xc2\"",             "\"\xe1\x80\"",         "\"\xf1\x80\x80\""};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) reject_value(bad[k]);
}

TEST(truncated_utf8_at_the_end_is_partial)
{
    reject("\"\xc2", JSMN_ERROR_PART);
    reject("[\"\xe1\x80", JSMN_ERROR_PART);
    reject("\"\xf4\x8f\xbf", JSMN_ERROR_PART);
}

/* ---- the jsmn API */

TEST(axis_cors_set_request)
{
    static const char js[] = "{\"apiVersion\":\"1.1\",\"context\":\"abc\",\"method\":\"set\","
                             "\"params\":{\"Access-Control-Allow-Origin\":\"*\"}}";
    CHECK_EQ_INT(strlen(js), 96);
    WANT(js, {O, 0, 96, 4}, {S, 2, 12, 1}, {S, 15, 18, 0}, {S, 21, 28, 1}, {S, 31, 34, 0},
         {S, 37, 43, 1}, {S, 46, 49, 0}, {S, 52, 58, 1}, {O, 60, 95, 1}, {S, 62, 89, 1},
         {S, 92, 93, 0});
}

TEST(parent_links)
{
#ifdef JSMN_PARENT_LINKS
    /*  {"a":[1,{"b":2}],"c":3} -> 0 {, 1 "a", 2 [, 3 1, 4 {, 5 "b", 6 2, 7 "c", 8 3 */
    static const int want[] = {-1, 0, 1, 2, 2, 4, 5, 0, 7};
    int k, r = parse("{\"a\":[1,{\"b\":2}],\"c\":3}");
    CHECK_EQ_INT(r, 9);
    for (k = 0; k < 9 && r == 9; k++) CHECK_EQ_INT(toks[k].parent, want[k]);
    r = parse("[\"x\"]");
    CHECK_EQ_INT(r, 2);
    CHECK_EQ_INT(toks[0].parent, -1);
    CHECK_EQ_INT(toks[1].parent, 0);
#else
    CHECK(sizeof(jsmntok_t) == 4 * sizeof(int));
#endif
}

static const char *const documents[] = {
    "{}", "[]", "\"\"", "true", "{\"a\":[1,2,{\"b\":null}],\"c\":\"d\\n\\u00e9\"}",
    " [ 1 , [ [ ] , { } ] , -2.5e-3 , \"x\" ] ",
    "{\n  \"apiVersion\": \"1.1\",\n  \"method\": \"list\"\n}",
    "[[[[[[[[[[\"deep\"]]]]]]]]]]", "[true,false,null,0,-0.0e+0]", "\"\xe2\x82\xac\"",
    "{\"k\":{\"k\":{\"k\":[{}]}}}"};
#define NDOCS (sizeof documents / sizeof documents[0])

TEST(counting_mode_equals_token_mode)
{
    size_t k;
    for (k = 0; k < NDOCS; k++) {
        int r = parse(documents[k]);
        CHECK(r > 0);
        CHECK_EQ_INT(count(documents[k]), r);
    }
}

TEST(nomem_when_tokens_run_out)
{
    size_t k;
    for (k = 0; k < NDOCS; k++) {
        const char *js = documents[k];
        int need = parse(js);
        unsigned int cap;
        for (cap = 0; cap < (unsigned int)need; cap++)
            CHECK_EQ_INT(parse_n(js, strlen(js), toks, cap), JSMN_ERROR_NOMEM);
        CHECK_EQ_INT(parse_n(js, strlen(js), toks, (unsigned int)need), need);
    }
}

TEST(every_truncation_is_partial)
{
    size_t k, len;
    for (k = 0; k < NDOCS; k++) {
        const char *js = documents[k];
        size_t full = strlen(js);
        /* These documents end with their value's last byte or with whitespace after a
           container, so no proper prefix before that byte is a complete JSON text. */
        size_t last = full;
        while (last > 0 && js[last - 1] == ' ') last--;
        for (len = 0; len < last; len++) reject_len(js, len, JSMN_ERROR_PART);
    }
}

TEST(a_top_level_number_may_end_the_text)
{
    WANT("12", {P, 0, 2, 0});
    WANT("-0.5e7", {P, 0, 6, 0});
    reject("[12", JSMN_ERROR_PART);
}

/* Same tokens as a fresh parse of the whole text. */
static void same_as_fresh(const char *js, const jsmntok_t *t, int r)
{
    static jsmntok_t fresh[CAP];
    int f = parse_n(js, strlen(js), fresh, CAP), k;
    CHECK_EQ_INT(r, f);
    for (k = 0; k < r && k < f; k++)
        if (memcmp(&t[k], &fresh[k], sizeof t[k]) != 0)
            TT_FAIL("<%s>: token %d differs after resuming", js, k);
}

TEST(resume_after_partial_with_longer_text)
{
    size_t k, len;
    static jsmntok_t t[CAP];
    for (k = 0; k < NDOCS; k++) {
        const char *js = documents[k];
        size_t full = strlen(js);
        if (js[0] != '{' && js[0] != '[' && js[0] != ' ') continue;
        for (len = 0; len < full; len++) {
            jsmn_parser p;
            int r;
            jsmn_init(&p);
            r = jsmn_parse(&p, js, len, t, CAP);
            if (r != JSMN_ERROR_PART) continue; /* "...]" plus trailing space is complete */
            r = jsmn_parse(&p, js, full, t, CAP);
            same_as_fresh(js, t, r);
        }
    }
}

TEST(resume_after_nomem_with_more_tokens)
{
    size_t k;
    static jsmntok_t t[CAP];
    for (k = 0; k < NDOCS; k++) {
        const char *js = documents[k];
        int need = parse(js), r;
        jsmn_parser p;
        if (need < 2) continue;
        jsmn_init(&p);
        CHECK_EQ_INT(jsmn_parse(&p, js, strlen(js), t, (unsigned int)need / 2),
                     JSMN_ERROR_NOMEM);
        r = jsmn_parse(&p, js, strlen(js), t, CAP);
        same_as_fresh(js, t, r);
    }
}

TEST(calling_again_after_success_returns_the_same_count)
{
    jsmn_parser p;
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "[1,2]", 5, toks, CAP), 3);
    CHECK_EQ_INT(jsmn_parse(&p, "[1,2]", 5, toks, CAP), 3);
}

/* A resumed call must pass at least the text the parser has read: a shorter one is a caller's
   mistake, refused without touching the parser, which still resumes with the right text. */
TEST(resume_with_a_shorter_text_is_refused)
{
    jsmn_parser p;
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "[1, 2]", 5, toks, CAP), JSMN_ERROR_PART);
    CHECK_EQ_INT(jsmn_parse(&p, "[1, 2]", 3, toks, CAP), JSMN_ERROR_INVAL);
    CHECK_EQ_INT(jsmn_parse(&p, "[1, 2]", 6, toks, CAP), 3);
}

TEST(after_inval_the_parser_needs_jsmn_init)
{
    jsmn_parser p;
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "[1,]", 4, toks, CAP), JSMN_ERROR_INVAL);
    CHECK_EQ_INT(jsmn_parse(&p, "[1]", 3, toks, CAP), JSMN_ERROR_INVAL);
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "[1]", 3, toks, CAP), 2);
}

TEST(pos_points_at_the_offending_byte)
{
    jsmn_parser p;
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "{\"a\":01}", 8, toks, CAP), JSMN_ERROR_INVAL);
    CHECK_EQ_INT(p.pos, 6);
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "[\"ab\\x\"]", 8, NULL, 0), JSMN_ERROR_INVAL);
    CHECK_EQ_INT(p.pos, 5);
    jsmn_init(&p);
    CHECK_EQ_INT(jsmn_parse(&p, "[\"\xe0\x80\x80\"]", 7, toks, CAP), JSMN_ERROR_INVAL);
    CHECK_EQ_INT(p.pos, 3);
}

static char deep[2 * (JSMN_COUNT_DEPTH + 1)];
/* `levels` nested empty arrays: [[[...]]] */
static size_t brackets(int levels)
{
    int k;
    for (k = 0; k < levels; k++) {
        deep[k] = '[';
        deep[2 * levels - 1 - k] = ']';
    }
    return (size_t)(2 * levels);
}

TEST(nesting_depth)
{
    size_t len = brackets(JSMN_COUNT_DEPTH);
    CHECK_EQ_INT(parse_n(deep, len, NULL, 0), JSMN_COUNT_DEPTH);
    CHECK_EQ_INT(parse_n(deep, len, toks, CAP), JSMN_COUNT_DEPTH);
    /* Counting mode remembers the kinds of the innermost JSMN_COUNT_DEPTH containers: closing
       back to the outermost of JSMN_COUNT_DEPTH + 1 reaches one it no longer knows. A token
       array has no depth limit of its own. */
    len = brackets(JSMN_COUNT_DEPTH + 1);
    CHECK_EQ_INT(parse_n(deep, len, NULL, 0), JSMN_ERROR_NOMEM);
    CHECK_EQ_INT(parse_n(deep, len, toks, CAP), JSMN_COUNT_DEPTH + 1);
    CHECK_EQ_INT(toks[JSMN_COUNT_DEPTH].start, JSMN_COUNT_DEPTH);
    CHECK_EQ_INT(toks[JSMN_COUNT_DEPTH].end, JSMN_COUNT_DEPTH + 2);
    CHECK_EQ_INT(toks[0].end, 2 * JSMN_COUNT_DEPTH + 2);
}

TEST(counting_mode_finds_errors_at_any_depth)
{
    /* The innermost levels are always known, however deep the text nests: an error there is
       INVAL, not NOMEM, in counting mode too. */
    static char t[300];
    size_t n = 0;
    while (n < 100) t[n++] = '[';
    t[n++] = 'x';
    CHECK_EQ_INT(parse_n(t, n, NULL, 0), JSMN_ERROR_INVAL);
    n = 100;
    memcpy(t + n, "{\"a\":1]", 7); /* an object closed as an array */
    CHECK_EQ_INT(parse_n(t, n + 7, NULL, 0), JSMN_ERROR_INVAL);
    memcpy(t + n, "{\"a\":1}]]]]]}", 13); /* back 5 levels, then a '}' for an array */
    CHECK_EQ_INT(parse_n(t, n + 13, NULL, 0), JSMN_ERROR_INVAL);
    memcpy(t + n, "{\"a\":1}]]]]]", 12);
    CHECK_EQ_INT(parse_n(t, n + 12, NULL, 0), JSMN_ERROR_PART);
}

TEST(closing_brackets_match_their_container_in_both_modes)
{
    /* [ { "a" [ { "b" [] = 7 tokens;  { "a" [ { "b" [ {} = 7, "c" { "d" [ 1 = 5 */
    CHECK_EQ_INT(both("[{\"a\":[{\"b\":[]}]}]", 18), 7);
    CHECK_EQ_INT(both("{\"a\":[{\"b\":[{}]}],\"c\":{\"d\":[1]}}", 32), 12);
    reject("[{\"a\":[{\"b\":[]]}]}", JSMN_ERROR_INVAL);
    reject("[{\"a\":[{\"b\":[]}}]}", JSMN_ERROR_INVAL);
    reject("{\"a\":[}]", JSMN_ERROR_INVAL);
}

TEST(texts_longer_than_int_offsets_are_refused)
{
    /* jsmntok_t offsets are int; the tokenizer refuses before reading anything. */
    if (sizeof(size_t) > sizeof(int))
        CHECK_EQ_INT(parse_n("[", (size_t)((unsigned int)-1 >> 1) + 1, toks, CAP),
                     JSMN_ERROR_NOMEM);
}

TEST(a_parser_without_jsmn_init_accepts_nothing)
{
    jsmn_parser p;
    memset(&p, 0, sizeof p);
    CHECK(jsmn_parse(&p, "{}", 2, toks, CAP) < 0);
}

int main(void)
{
    RUN(a_parser_in_no_known_state_refuses_everything);
    RUN(empty_and_whitespace_only_input_is_partial);
    RUN(no_text_at_all_is_partial);
    RUN(surrounding_whitespace_is_allowed);
    RUN(only_four_whitespace_characters);
    RUN(anything_after_the_value_is_invalid);
    RUN(a_utf8_bom_is_rejected);
    RUN(non_ascii_outside_strings_is_invalid);
    RUN(literals_true_false_null);
    RUN(other_words_are_invalid);
    RUN(object_tokens_follow_upstream_conventions);
    RUN(object_keys_must_be_strings);
    RUN(object_member_syntax);
    RUN(duplicate_keys_are_tokenized);
    RUN(array_tokens_follow_upstream_conventions);
    RUN(array_element_syntax);
    RUN(numbers_of_every_shape);
    RUN(malformed_numbers);
    RUN(string_tokens_exclude_quotes);
    RUN(the_eight_escapes_and_u_escapes);
    RUN(escaped_lone_surrogates_are_accepted);
    RUN(bad_escapes);
    RUN(raw_control_characters_in_strings);
    RUN(valid_utf8_in_strings);
    RUN(invalid_utf8_in_strings);
    RUN(truncated_utf8_at_the_end_is_partial);
    RUN(axis_cors_set_request);
    RUN(parent_links);
    RUN(counting_mode_equals_token_mode);
    RUN(nomem_when_tokens_run_out);
    RUN(every_truncation_is_partial);
    RUN(a_top_level_number_may_end_the_text);
    RUN(resume_after_partial_with_longer_text);
    RUN(resume_after_nomem_with_more_tokens);
    RUN(calling_again_after_success_returns_the_same_count);
    RUN(resume_with_a_shorter_text_is_refused);
    RUN(after_inval_the_parser_needs_jsmn_init);
    RUN(pos_points_at_the_offending_byte);
    RUN(nesting_depth);
    RUN(counting_mode_finds_errors_at_any_depth);
    RUN(closing_brackets_match_their_container_in_both_modes);
    RUN(texts_longer_than_int_offsets_are_refused);
    RUN(a_parser_without_jsmn_init_accepts_nothing);
    return tt_summary();
}
