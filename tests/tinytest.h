/* tinytest.h - the project's test runner: one file, no dependencies.
 *
 *   TEST(name) { CHECK(cond); CHECK_EQ_INT(a, b); CHECK_EQ_STR(buf, len, "text"); }
 *   int main(void) { RUN(name); ...; return tt_summary(); }
 *
 * A test passes when none of its checks fail. tt_summary() prints the line every suite ends
 * with, "N passed, N failed", and returns the exit status. */
#ifndef TINYTEST_H
#define TINYTEST_H

#include <stdio.h>
#include <string.h>

static int tt_passed, tt_failed, tt_current_failed;
static const char *tt_current;

#define TEST(name) static void name(void)

#define TT_FAIL(...)                                                                   \
    do {                                                                               \
        tt_current_failed = 1;                                                         \
        fprintf(stderr, "FAIL %s (%s:%d): ", tt_current, __FILE__, __LINE__);          \
        fprintf(stderr, __VA_ARGS__);                                                  \
        fputc('\n', stderr);                                                           \
    } while (0)

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) TT_FAIL("%s", #cond);                                             \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                             \
    do {                                                                               \
        long long tt_a = (long long)(a), tt_b = (long long)(b);                        \
        if (tt_a != tt_b) TT_FAIL("%s == %lld, expected %s == %lld", #a, tt_a, #b, tt_b); \
    } while (0)

/* buf/len against a NUL-terminated expectation; prints both on mismatch */
#define CHECK_EQ_STR(buf, len, want)                                                   \
    do {                                                                               \
        size_t tt_len = (size_t)(len);                                                 \
        const char *tt_want = (want);                                                  \
        if (tt_len != strlen(tt_want) || memcmp((buf), tt_want, tt_len) != 0)          \
            TT_FAIL("got\n    %.*s\n  want\n    %s", (int)tt_len, (const char *)(buf), tt_want); \
    } while (0)

#define RUN(name)                                                                      \
    do {                                                                               \
        tt_current = #name;                                                            \
        tt_current_failed = 0;                                                         \
        name();                                                                        \
        if (tt_current_failed) tt_failed++; else tt_passed++;                          \
    } while (0)

static int tt_summary(void)
{
    printf("%d passed, %d failed\n", tt_passed, tt_failed);
    return tt_failed ? 1 : 0;
}

#endif
