/* jsmn_props.c - properties of jsmn/jsmn.h on arbitrary bytes, valid or not:
 *   1. (retired with the eight-bytes-at-a-time scanner: there is one build to compare now)
 *   2. counting mode gives the same answer as token mode (unless either runs out: tokens, or
 *      the counting mode's depth limit);
 *   3. parsing a prefix that ends in PART, then the whole text on the same parser, gives what a
 *      fresh parse gives; so does NOMEM with half the tokens, then enough;
 *   4. parser.pos never points past the text.
 *
 *   jsmn_props [DIR]   deterministic: built-in documents and JSONTestSuite's files in DIR, each
 *                      also mutated 200 ways (flips, inserted structural and UTF-8 bytes,
 *                      deletions, truncations)
 * Built with -fsanitize=fuzzer and -DJSMN_PROPS_FUZZER it is a libFuzzer target instead
 * (make jsmn-fuzz). */
#define JSMN_HEADER
#define JSMN_PARENT_LINKS
#include "jsmn/jsmn.h"

#include "tests/jsmn_props.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAP 512

static jsmntok_t ta[CAP], tr[CAP];
static long checked, failed;

static void fail(const char *what, const unsigned char *d, size_t n, int a, int b)
{
    failed++;
    if (failed <= 20) {
        size_t k;
        fprintf(stderr, "FAIL %s (%d vs %d) on %zu bytes:", what, a, b, n);
        for (k = 0; k < n && k < 80; k++) fprintf(stderr, " %02x", d[k]);
        fputc('\n', stderr);
    }
#ifdef JSMN_PROPS_FUZZER
    abort();
#endif
}

static int same_tokens(const jsmntok_t *x, const jsmntok_t *y, int r)
{
    return r <= 0 || memcmp(x, y, (size_t)r * sizeof *x) == 0;
}

static void check(const unsigned char *d, size_t n)
{
    const char *js = (const char *)d;
    unsigned int pa, pc;
    int a, ca, first, r;
    size_t cut;

    checked++;
    a = byte_parse(js, n, ta, CAP, &pa);
    if (pa > n) fail("pos past the text", d, n, (int)pa, (int)n);

    ca = byte_parse(js, n, NULL, 0, &pc);
    if (a != JSMN_ERROR_NOMEM && ca != JSMN_ERROR_NOMEM && (ca != a || pc != pa))
        fail("counting vs token mode", d, n, ca, a);
    if (pc > n) fail("pos past the text (counting mode)", d, n, (int)pc, (int)n);

    /* resume after PART, at a cut that depends on the input */
    cut = n ? (d[0] * 31u + d[n - 1] * 7u + n) % n : 0;
    r = byte_resume(js, cut, n, tr, CAP, CAP, &first);
    if (first == JSMN_ERROR_PART && (r != a || !same_tokens(tr, ta, a)))
        fail("resume after PART", d, n, r, a);

    /* resume after NOMEM with half the tokens it needs */
    if (a >= 2) {
        r = byte_resume(js, n, n, tr, (unsigned int)a / 2, CAP, &first);
        if (first != JSMN_ERROR_NOMEM || r != a || !same_tokens(tr, ta, a))
            fail("resume after NOMEM", d, n, r, a);
    }
}

#ifdef JSMN_PROPS_FUZZER
int LLVMFuzzerTestOneInput(const unsigned char *d, size_t n);
int LLVMFuzzerTestOneInput(const unsigned char *d, size_t n)
{
    check(d, n);
    return 0;
}
#else

static unsigned long long rng = 0x2545F4914F6CDD1Dull;
static unsigned int rnd(unsigned int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned int)((rng >> 32) % n);
}

/* The document, then 200 mutants of it. */
static void check_with_mutants(const unsigned char *d, size_t n)
{
    static const unsigned char special[] = {'"', '\\', ' ', '\n', '\t', '{', '}', '[', ']', ',',
                                            ':', '0', '1', '-', '+', '.', 'e', 'u', 't', 'n',
                                            0x00, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe0, 0xed,
                                            0xef, 0xf0, 0xf4, 0xf5, 0xff};
    static unsigned char m[4096 + 8];
    int k;
    check(d, n);
    if (n > 4096) return;
    for (k = 0; k < 200; k++) {
        size_t len = n, at;
        memcpy(m, d, n);
        switch (rnd(4)) {
        case 0: /* overwrite a byte */
            if (!len) break;
            m[rnd((unsigned int)len)] = rnd(2) ? special[rnd(sizeof special)] : (unsigned char)rnd(256);
            break;
        case 1: /* insert a byte */
            at = rnd((unsigned int)len + 1);
            memmove(m + at + 1, m + at, len - at);
            m[at] = special[rnd(sizeof special)];
            len++;
            break;
        case 2: /* delete a byte */
            if (!len) break;
            at = rnd((unsigned int)len);
            memmove(m + at, m + at + 1, len - at - 1);
            len--;
            break;
        default: /* truncate */
            len = rnd((unsigned int)len + 1);
        }
        check(m, len);
    }
}

int main(int argc, char **argv)
{
    static const char *const docs[] = {
        "{\"apiVersion\":\"1.1\",\"context\":\"abc\",\"method\":\"set\","
        "\"params\":{\"Access-Control-Allow-Origin\":\"*\"}}",
        "{\n    \"apiVersion\": \"1.1\",\n    \"method\": \"list\"\n}\n",
        "[1, -0.5e+3, true, false, null, \"a\\\"b\\\\c\\u00e9\", \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "{\"a long key that spans several words\": \"and a long value, also spanning words\"}",
        "\"\"", "0", "-12.5e7", "true", "{}", "[]", " \t\r\n[ ] "};
    static unsigned char buf[1 << 16];
    size_t k;
    long files = 0;
    for (k = 0; k < sizeof docs / sizeof docs[0]; k++)
        check_with_mutants((const unsigned char *)docs[k], strlen(docs[k]));
    if (argc > 1) {
        DIR *dir = opendir(argv[1]);
        struct dirent *e;
        char path[8192];
        while (dir && (e = readdir(dir)) != NULL) {
            FILE *f;
            size_t n;
            if (!strstr(e->d_name, ".json")) continue;
            if (snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name) >= (int)sizeof path)
                continue;
            if (!(f = fopen(path, "rb"))) continue;
            n = fread(buf, 1, sizeof buf, f);
            fclose(f);
            check_with_mutants(buf, n);
            files++;
        }
        if (dir) closedir(dir);
        printf("JSONTestSuite: %ld files and their mutants\n", files);
    }
    printf("%ld inputs checked\n", checked);
    printf("%ld passed, %ld failed\n", checked - failed, failed);
    return failed != 0;
}
#endif
