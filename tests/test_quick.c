/* test_quick.c - the speed builds' quick reader against the full one.
 *
 * Builds that optimize for speed (CHDR__SPEED) first read a request with chdr__quick: one pass
 * for the shape clients send (an object of apiVersion, context, method and params, plain
 * strings, params one level deep). It must give exactly the tokens jsmn_parse gives and the
 * members and verdict chdr__read gives, or decline with the request state untouched and the
 * tokens and parser state from which jsmn_parse goes on to the same result (return value,
 * tokens, error position) as from the start, so that chdr_handle answers every request the
 * same either way. Checked here on hand-written requests, which also pin down which shapes it
 * takes and which it leaves to the full reader, and on random edits of them (deterministic;
 * the seed and the number of edits per request are the optional arguments). Every input is
 * copied to a buffer of exactly its length, so the sanitizer build catches a read past the
 * end. Size builds (-Os) have no quick reader and do not build this test. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "tinytest.h"

#include <stdlib.h>

#if !CHDR__SPEED
#error "test_quick.c tests the speed builds' reader; size builds (-Os) have none"
#endif

static unsigned long accepted, declined;

static void fresh(chdr__req *r, const char *js)
{
    memset(r, 0, sizeof *r);
    r->api = "1.0";
    r->js = js;
}

static int same_tokens(const jsmntok_t *a, const jsmntok_t *b, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        if (a[i].type != b[i].type || a[i].start != b[i].start || a[i].end != b[i].end ||
            a[i].size != b[i].size)
            return 0;
#ifdef JSMN_PARENT_LINKS
        if (a[i].parent != b[i].parent) return 0;
#endif
    }
    return 1;
}

/* The full reader's verdict on tokens ft[0..f->ntok) (when there are any) against q's. */
static void same_verdict(chdr__req *q, chdr__req *f, jsmntok_t *ft, const char *text, size_t len)
{
    if (f->ntok <= 0) return;
    f->tok = ft;
    chdr__read(f);
    if (q->version != f->version || q->context != f->context || q->method != f->method ||
        q->params != f->params || q->which != f->which || q->why != f->why ||
        q->name != f->name || strcmp(q->api, f->api) != 0)
        TT_FAIL("members or verdict differ (why %d vs %d): %.*s", q->why, f->why, (int)len, text);
}

/* Both ways on the len bytes at text: the quick reader (and, when it declines, jsmn_parse going
   on from where it stopped) against jsmn_parse and chdr__read from the start. Returns 1 when
   the quick reader took the request. */
static int agree(const char *text, size_t len)
{
    chdr__req q, f, untouched;
    jsmntok_t qt[CHDR_MAX_TOKENS], ft[CHDR_MAX_TOKENS];
    jsmn_parser qp, fp;
    char *js = (char *)malloc(len ? len : 1);
    int took, qn;
    if (!js) {
        TT_FAIL("out of memory");
        return 0;
    }
    if (len) memcpy(js, text, len);
    fresh(&q, js);
    fresh(&untouched, js);
    fresh(&f, js);
    jsmn_init(&fp);
    f.ntok = jsmn_parse(&fp, js, len, ft, CHDR_MAX_TOKENS);
    took = len <= CHDR_REQUEST_MAX && chdr__quick(&q, len, qt, &qp);
    if (took) {
        accepted++;
        if (q.ntok != f.ntok || !same_tokens(qt, ft, f.ntok))
            TT_FAIL("tokens differ (quick %d, jsmn %d): %.*s", q.ntok, f.ntok, (int)len, text);
        else if (q.tok != qt)
            TT_FAIL("token array not set: %.*s", (int)len, text);
        else
            same_verdict(&q, &f, ft, text, len);
    } else if (len <= CHDR_REQUEST_MAX) {
        declined++;
        if (memcmp(&q, &untouched, sizeof q) != 0)
            TT_FAIL("declined but changed the request state: %.*s", (int)len, text);
        qn = jsmn_parse(&qp, js, len, qt, CHDR_MAX_TOKENS);
        if (qn != f.ntok || qp.pos != fp.pos || (qn > 0 && !same_tokens(qt, ft, qn)))
            TT_FAIL("going on from the quick reader gives %d at %u, from the start %d at %u: %.*s",
                    qn, qp.pos, f.ntok, fp.pos, (int)len, text);
        else if (qn > 0) { /* and as chdr_handle then reads it */
            q.ntok = qn;
            q.tok = qt;
            chdr__read(&q);
            same_verdict(&q, &f, ft, text, len);
        }
    }
    free(js);
    return took;
}

/* The test's own requests must fit the configured limit (the small-limits build has 600). */
static int check_fits(size_t n)
{
    if (n > CHDR_REQUEST_MAX) TT_FAIL("a test request of %zu bytes is over CHDR_REQUEST_MAX", n);
    return n <= CHDR_REQUEST_MAX;
}
#define CHECK_FITS(n) check_fits(n)

/* The requests clients send, as the Axis documentation writes them and as tools compact them:
   the quick reader takes each, and the result agrees with the full reader. */
static const char *const usual[] = {
    "{\n    \"apiVersion\": \"1.1\",\n    \"context\": \"my context\",\n    \"method\": \"set\",\n"
    "    \"params\": {\n        \"Access-Control-Allow-Origin\": \"*\"\n    }\n}\n",
    "{\"apiVersion\":\"1.0\",\"method\":\"list\"}",
    "{\"method\":\"getSupportedVersions\"}",
    "{\"apiVersion\":\"1.1\",\"context\":\"c\",\"method\":\"remove\",\"params\":{\"X-A\":\"\","
    "\"x-b\":\"\"}}",
    "\r\n\t {\t\"params\"\r:\n{ \"A\" : \"1\" , \"B\":\"two words\"} ,\"method\" :\"set\","
    "\"apiVersion\":\"1.1\"}\r\n",
    "{\"apiVersion\":\"1.1\",\"method\":\"set\",\"params\":{\"Content-Security-Policy\":"
    "\"default-src 'self'; frame-ancestors 'none'\",\"X-Frame-Options\":\"DENY\"}}",
    /* valid JSON that is an error by SPEC: still the quick reader's, with the same verdict */
    "{}",
    "{\"method\":\"set\"}",
    "{\"method\":\"set\",\"apiVersion\":\"1.1\",\"params\":{}}",
    "{\"method\":\"set\",\"apiVersion\":\"1.1\",\"params\":\"X\"}",
    "{\"method\":{},\"apiVersion\":\"1.1\"}",
    "{\"method\":\"nope\",\"apiVersion\":\"1.1\"}",
    "{\"method\":\"list\",\"apiVersion\":\"3.0\"}",
    "{\"method\":\"list\",\"apiVersion\":{}}",
    "{\"method\":\"list\",\"apiVersion\":\"1.1\",\"context\":\"0123456789012345678901234567890"
    "12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
    "01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678"
    "9012345678901234567890123456789\"}",
    "{\"method\":\"set\",\"apiVersion\":\"1.1\",\"params\":{\"Bad Name\":\"x\",\"Set-Cookie\":"
    "\" edge \",\"Content-Length\":\"1\",\"\":\"\"}}",
    /* names near the lengths the eight-byte comparisons look at */
    "{\"method\":\"list\",\"context\":\"\"}",
    "{\"params\":{\"A\":\"B\"},\"method\":\"set\",\"apiVersion\":\"1.0\",\"context\":\"x\"}",
    "{\"method\":\"list\x7f\"}", /* DEL needs no escape in JSON */
};

/* Valid JSON the quick reader leaves to the full one: each has one thing outside its shape. */
static const char *const other[] = {
    "{\"apiVersion\":\"1.1\",\"method\":\"list\",\"extra\":\"x\"}",     /* a stranger */
    "{\"method\":\"list\",\"method\":\"set\"}",                         /* a duplicate */
    "{\"Method\":\"list\"}",                                            /* a stranger by case */
    "{\"meth\\u006fd\":\"list\"}",                                      /* an escape in a name */
    "{\"method\":\"l\\u0069st\"}",                                      /* an escape in a value */
    "{\"method\":\"set\",\"params\":{\"X\":\"caf\xc3\xa9\"}}",          /* UTF-8 */
    "{\"method\":\"set\",\"params\":{\"X\":1}}",                        /* a number */
    "{\"method\":\"set\",\"params\":{\"X\":true}}",                     /* a literal */
    "{\"method\":\"set\",\"params\":{\"X\":null}}",                     /* a literal */
    "{\"method\":\"set\",\"params\":{\"X\":[\"a\"]}}",                  /* an array */
    "{\"method\":\"set\",\"params\":{\"X\":{\"a\":\"b\"}}}",            /* nested deeper */
    "{\"method\":\"set\",\"params\":[]}",                               /* an array at top */
    "{\"apiVersion\":1.1,\"method\":\"list\"}",                         /* a number at top */
    "[\"method\",\"list\"]",                                            /* not an object */
    "\"list\"",                                                         /* not an object */
};

/* Not JSON at all: the quick reader declines, the full one finds the error. */
static const char *const broken[] = {
    "",
    " ",
    "{",
    "{\"method\"",
    "{\"method\":",
    "{\"method\":\"list\"",
    "{\"method\":\"list\",}",
    "{\"method\" \"list\"}",
    "{\"method\":\"list\"}}",
    "{\"method\":\"list\"} x",
    "{\"method\":\"list\"\"}",
    "{\"method\":\"li\nst\"}",
    "{\"params\":{\"A\":\"B\",}}",
    "{\"params\":{\"A\"}}",
    "{,\"method\":\"list\"}",
};

/* Whether the request's tokens fit chdr_handle's array: the quick reader takes a usual request
   only then (the tiny-limits build has room for 6). */
static int fits(const char *text, size_t len)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, text, len, NULL, 0) <= CHDR_MAX_TOKENS;
}

TEST(test_quick_takes_the_usual_requests)
{
    size_t i, len;
    for (i = 0; i < sizeof usual / sizeof *usual; i++) {
        len = strlen(usual[i]);
        if (agree(usual[i], len) != fits(usual[i], len))
            TT_FAIL("%s: %s", fits(usual[i], len) ? "declined" : "took", usual[i]);
    }
}

/* The params object as each token from the third to the ninth (after zero to three members
   before it, with or without a header in it): taken when its tokens fit, declined (going on in
   jsmn_parse, which runs out of tokens too) when they do not, even when the object itself
   would be the token past the last. */
TEST(test_quick_objects_at_every_place_near_the_token_limit)
{
    static const char *const before[] = {"", "\"method\":\"set\",",
                                         "\"method\":\"set\",\"context\":\"c\",",
                                         "\"method\":\"set\",\"context\":\"c\",\"apiVersion\":\"1.1\","};
    static const char *const inside[] = {"", "\"A\":\"b\""};
    char req[128];
    size_t b, i;
    int n;
    for (b = 0; b < sizeof before / sizeof *before; b++)
        for (i = 0; i < sizeof inside / sizeof *inside; i++) {
            n = sprintf(req, "{%s\"params\":{%s}}", before[b], inside[i]);
            if (agree(req, (size_t)n) != fits(req, (size_t)n))
                TT_FAIL("%s: %s", fits(req, (size_t)n) ? "declined" : "took", req);
        }
}

TEST(test_quick_leaves_other_shapes_to_the_full_reader)
{
    size_t i;
    for (i = 0; i < sizeof other / sizeof *other; i++)
        if (agree(other[i], strlen(other[i]))) TT_FAIL("took: %s", other[i]);
}

TEST(test_quick_declines_what_is_not_json)
{
    size_t i;
    for (i = 0; i < sizeof broken / sizeof *broken; i++)
        if (agree(broken[i], strlen(broken[i]))) TT_FAIL("took: %s", broken[i]);
}

/* Every prefix of a usual request is cut inside or between tokens: never taken (only the whole
   object, with any whitespace after it, is taken when its tokens fit), and declining must not
   read past the cut. */
TEST(test_quick_every_prefix_declined)
{
    size_t i, n;
    for (i = 0; i < sizeof usual / sizeof *usual; i++) {
        size_t len = strlen(usual[i]);
        /* the whole object ends at its last '}', whitespace may follow */
        size_t whole = (size_t)(strrchr(usual[i], '}') - usual[i]) + 1;
        for (n = 0; n < whole; n++)
            if (agree(usual[i], n)) TT_FAIL("took a prefix of %zu bytes: %s", n, usual[i]);
        for (n = whole; n <= len; n++)
            if (agree(usual[i], n) != fits(usual[i], n))
                TT_FAIL("%s %zu bytes of: %s", fits(usual[i], n) ? "declined" : "took", n, usual[i]);
    }
}

/* More tokens than chdr_handle has room for: the full reader answers (too many tokens), so
   the quick one must decline rather than write past the array. */
TEST(test_quick_declines_more_tokens_than_the_array_holds)
{
    static char req[CHDR_REQUEST_MAX + 1];
    /* 5 tokens (the object, method and its value, params and its object), 2 per header */
    int most = (CHDR_MAX_TOKENS - 5) / 2, m, i;
    for (m = most; m <= most + 1; m++) {
        size_t n = (size_t)sprintf(req, "{\"method\":\"set\",\"params\":{");
        for (i = 0; i < m; i++) n += (size_t)sprintf(req + n, "%s\"H%d\":\"\"", i ? "," : "", i);
        n += (size_t)sprintf(req + n, "}}");
        if (!CHECK_FITS(n)) return;
        if (agree(req, n) != (m == most)) TT_FAIL("%d headers, %d tokens", m, 5 + 2 * m);
    }
}

/* ---- random edits ----------------------------------------------------------------------- */

static unsigned long long seed = 20261129ULL, rng;
static unsigned long edits = 20000;

static unsigned rnd(unsigned n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (unsigned)((rng * 2685821657736338717ULL) >> 33) % n;
}

/* Bytes that change a request's structure more often than random ones do. */
static const char alphabet[] = "{}[]\":, \t\r\n\\u0aAz-19.e+tfn\x01\x7f\x80\xc3\xa9\xff";

TEST(test_quick_agrees_on_random_edits)
{
    static char buf[CHDR_REQUEST_MAX + 64];
    size_t u;
    unsigned long before = accepted, i;
    rng = seed | 1;
    for (u = 0; u < sizeof usual / sizeof *usual; u++) {
        for (i = 0; i < edits; i++) {
            size_t n = strlen(usual[u]), e, count = 1 + rnd(3);
            memcpy(buf, usual[u], n);
            for (e = 0; e < count && n > 0; e++) {
                size_t at = rnd((unsigned)n);
                char c = rnd(4) ? alphabet[rnd(sizeof alphabet - 1)] : (char)rnd(256);
                switch (rnd(3)) {
                case 0: buf[at] = c; break;                                       /* replace */
                case 1: memmove(buf + at, buf + at + 1, n - at - 1); n--; break;  /* delete */
                default:                                                          /* insert */
                    if (n < sizeof buf) {
                        memmove(buf + at + 1, buf + at, n - at);
                        buf[at] = c;
                        n++;
                    }
                }
            }
            agree(buf, n);
            if (tt_current_failed) {
                fprintf(stderr, "  (seed %llu, request %zu, edit %lu)\n", seed, u, i);
                return;
            }
        }
    }
    /* edits that keep the shape are common enough that both ways get exercised */
    CHECK(accepted - before > edits / 10 || CHDR_MAX_TOKENS < 16);
}

int main(int argc, char **argv)
{
    if (argc > 1) seed = strtoull(argv[1], NULL, 10);
    if (argc > 2) edits = strtoul(argv[2], NULL, 10);
    printf("seed %llu, %lu edits per request\n", seed, edits);
    RUN(test_quick_takes_the_usual_requests);
    RUN(test_quick_leaves_other_shapes_to_the_full_reader);
    RUN(test_quick_declines_what_is_not_json);
    RUN(test_quick_every_prefix_declined);
    RUN(test_quick_objects_at_every_place_near_the_token_limit);
    RUN(test_quick_declines_more_tokens_than_the_array_holds);
    RUN(test_quick_agrees_on_random_edits);
    printf("quick reader took %lu requests and declined %lu\n", accepted, declined);
    return tt_summary();
}
