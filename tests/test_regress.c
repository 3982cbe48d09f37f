/* test_regress.c - regression tests for what fuzzing found (fuzz/README.md, "Findings").
   Each test names its finding and the reproducer under fuzz/regress/; the expected results
   come from docs/behaviour.md, not from the library's output. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"

#include <stdlib.h>

#include "tinytest.h"

static char out[CHDR_RESPONSE_MAX];

/* The "code" of a response, or -1. */
static long code_of(const char *resp, size_t n)
{
    static const char key[] = "\"code\":";
    for (size_t i = 0; i + sizeof key - 1 < n; i++)
        if (memcmp(resp + i, key, sizeof key - 1) == 0) return strtol(resp + i + sizeof key - 1, NULL, 10);
    return -1;
}

/* F1, fuzz/regress/handle/f1_deep_invalid_gets_1100: a body that is not JSON gets 2101 even
   when it nests deeper than the tokenizer's counting depth. docs/behaviour.md section 1: 2101 when the
   body is not valid JSON, reported before any other error. */
TEST(f1_deep_invalid_json_is_2101)
{
    static chdr_table t;
    char req[256];
    size_t n = 0;
    while (n < 70) req[n++] = '[';
    req[n++] = 'x';
    chdr_init(&t);
    size_t len = chdr_handle(&t, req, n, out, sizeof out);
    CHECK(len <= sizeof out);
    CHECK_EQ_INT(code_of(out, len), 2101);

    /* the same with an object at the bottom, closed wrongly */
    n = 0;
    while (n < 100) req[n++] = '[';
    memcpy(req + n, "{\"a\":1]", 7);
    n += 7;
    len = chdr_handle(&t, req, n, out, sizeof out);
    CHECK_EQ_INT(code_of(out, len), 2101);

    /* fuzz/regress/handle/f1_deep_closed_then_invalid_gets_1100: deep, closed again past the
       32 levels the token-less re-scan remembers, then a byte that makes it invalid. README
       ("Very deep bodies that also run out of tokens") makes this the documented limit: 1100,
       a fixed limit reached before the body could be checked. */
    n = 0;
    while (n < 70) req[n++] = '[';
    while (n < 140) req[n++] = ']';
    req[n++] = 'x';
    len = chdr_handle(&t, req, n, out, sizeof out);
    CHECK_EQ_INT(code_of(out, len), 1100);
}

/* F2, fuzz/regress/handle/f2_*: RFC 8259 section 8.3 compares member names after escapes are
   decoded, so "\u00e9" and a raw UTF-8 "\xc3\xa9" are the same name, and the object has a
   duplicated member: docs/behaviour.md section 1 makes that 2101. Same for a surrogate pair and the raw
   4-byte form of the character. */
TEST(f2_duplicate_member_escaped_vs_raw_utf8_is_2101)
{
    static chdr_table t;
    static const char a[] = "{\"apiVersion\":\"1.1\",\"method\":\"list\",\"\\u00e9\":1,\"\xc3\xa9\":2}";
    static const char b[] = "{\"apiVersion\":\"1.1\",\"method\":\"list\",\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}";
    chdr_init(&t);
    size_t len = chdr_handle(&t, a, sizeof a - 1, out, sizeof out);
    CHECK_EQ_INT(code_of(out, len), 2101);
    len = chdr_handle(&t, b, sizeof b - 1, out, sizeof out);
    CHECK_EQ_INT(code_of(out, len), 2101);
}

int main(void)
{
    RUN(f1_deep_invalid_json_is_2101);
    RUN(f2_duplicate_member_escaped_vs_raw_utf8_is_2101);
    return tt_summary();
}
