/* bench - what customhdr costs per request, beside its own tokenizer alone, upstream jsmn and a
   cJSON handler.

   usage: bench check               run every workload once, check the responses, print
                                    "N passed, N failed" (make test runs this)
          bench time                ns per call, best of several runs, one line per measurement:
                                    "workload impl ns"
          bench run IMPL WORK N     N calls and nothing else, for callgrind: the difference
                                    between two counts of N cancels start-up
          bench bytes               "workload request-bytes" per workload

   Every implementation sees the same request bytes. The set workload is the Axis document's
   "Set CORS header" example byte for byte (apiVersion 1.0, context "OptionalContext", origin
   http://axis.trusted.example.server.com, two-space indentation); the others are written the
   same way. The table is set up once (the four CHDR_AXIS_DEFAULTS plus the CORS header the set
   request sets), so each set call sets a header to the value it already has: a no-op set, which
   does all the reading and checking but leaves the table (and chdr_changes) alone, the same
   work every iteration (the check verifies the table is unchanged after a repeated set). */
#define _POSIX_C_SOURCE 199309L
#include "bench/bench.h"
#include "customhdr.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { IMPL_CHDR, IMPL_OURS, IMPL_JSMN, IMPL_JSMN_STRICT, IMPL_CJSON, IMPL_COUNT };
enum { WORK_SET, WORK_LIST, WORK_VERSIONS, WORK_ERROR, WORK_BLOCK, WORK_COUNT };

static const char *const impl_names[IMPL_COUNT] = {"customhdr", "jsmn-ours", "jsmn", "jsmn-strict",
                                                   "cjson"};
/* What each workload is, named as it is (bench.sh prints the same words beside the tables). */
static const char *const work_names[WORK_COUNT] = {"set-cors-axis-example", "list-5-headers",
                                                   "getSupportedVersions", "error-2100",
                                                   "block"};

#define CORS_ORIGIN "http://axis.trusted.example.server.com"

/* Pretty-printed, the way the Axis documentation writes its examples. */
static const char *const requests[WORK_COUNT] = {
    "{\n"
    "  \"apiVersion\": \"1.0\",\n"
    "  \"context\": \"OptionalContext\",\n"
    "  \"method\": \"set\",\n"
    "  \"params\": {\n"
    "    \"Access-Control-Allow-Origin\": \"" CORS_ORIGIN "\"\n"
    "  }\n"
    "}\n",
    "{\n"
    "  \"apiVersion\": \"1.0\",\n"
    "  \"context\": \"OptionalContext\",\n"
    "  \"method\": \"list\"\n"
    "}\n",
    "{\n"
    "  \"apiVersion\": \"1.0\",\n"
    "  \"context\": \"OptionalContext\",\n"
    "  \"method\": \"getSupportedVersions\"\n"
    "}\n",
    "{\n"
    "  \"apiVersion\": \"2.0\",\n"
    "  \"context\": \"OptionalContext\",\n"
    "  \"method\": \"list\"\n"
    "}\n",
    NULL,
};

/* Tokens in each request, counted by hand: the object, its keys and values, params' object and
   its one pair. */
static const int request_tokens[WORK_COUNT] = {11, 7, 7, 7, 0};

static chdr_table table;
static cj_table cjtable;
static char out[CHDR_RESPONSE_MAX];
static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;

static int setup(void)
{
    chdr_init(&table);
    if (chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK)
        return -1;
    cj_init(&cjtable);
    for (size_t i = 0; i < CHDR_AXIS_DEFAULTS_COUNT; i++)
        cj_add(&cjtable, defaults[i].name, defaults[i].value);
    /* The first set appends; every later one is the steady state the benchmark measures. */
    const char *set = requests[WORK_SET];
    chdr_handle(&table, set, strlen(set), out, sizeof out);
    cj_handle(&cjtable, set, strlen(set), out, sizeof out);
    return 0;
}

/* Whether an implementation runs a workload at all: the block has no jsmn or cJSON analogue. */
static int applies(int impl, int work)
{
    return work != WORK_BLOCK || impl == IMPL_CHDR;
}

/* The measured loop: n calls of one implementation on one workload. The sum keeps the calls
   from being optimized away; noinline keeps the loop one function for callgrind. */
__attribute__((noinline)) static size_t run(int impl, int work, long n)
{
    const char *req = requests[work];
    size_t len = req ? strlen(req) : 0, sum = 0;
    switch (impl) {
    case IMPL_CHDR:
        if (work == WORK_BLOCK) {
            for (long i = 0; i < n; i++) {
                size_t blen;
                const char *b = chdr_block(&table, &blen);
                sum += blen + (size_t)(unsigned char)b[0];
            }
        } else {
            for (long i = 0; i < n; i++)
                sum += chdr_handle(&table, req, len, out, sizeof out);
        }
        break;
    case IMPL_OURS:
        for (long i = 0; i < n; i++)
            sum += (size_t)bench_jsmn_ours(req, len);
        break;
    case IMPL_JSMN:
        for (long i = 0; i < n; i++)
            sum += (size_t)bench_jsmn_default(req, len);
        break;
    case IMPL_JSMN_STRICT:
        for (long i = 0; i < n; i++)
            sum += (size_t)bench_jsmn_strict(req, len);
        break;
    case IMPL_CJSON:
        for (long i = 0; i < n; i++)
            sum += cj_handle(&cjtable, req, len, out, sizeof out);
        break;
    }
    return sum;
}

/* ---- check: the bench must measure the success paths it claims to, with docs/behaviour.md's answers */

static int passed, failed;

static void expect(int ok, const char *what, const char *impl, const char *detail)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s (%s)%s%s\n", what, impl, detail ? ": " : "", detail ? detail : "");
    }
}

static int is_string(const cJSON *j, const char *s)
{
    return cJSON_IsString(j) && strcmp(j->valuestring, s) == 0;
}

/* docs/behaviour.md section 1: members in the order apiVersion, context, method, then data or error. */
static const cJSON *check_head(const cJSON *root, const char *api, const char *method,
                               const char *last, const char *impl, const char *what)
{
    const cJSON *m = root ? root->child : NULL;
    int ok = m && strcmp(m->string, "apiVersion") == 0 && is_string(m, api);
    m = ok ? m->next : NULL;
    ok = ok && m && strcmp(m->string, "context") == 0 && is_string(m, "OptionalContext");
    m = ok ? m->next : NULL;
    ok = ok && m && strcmp(m->string, "method") == 0 && is_string(m, method);
    m = ok ? m->next : NULL;
    ok = ok && m && strcmp(m->string, last) == 0 && m->next == NULL;
    expect(ok, what, impl, "apiVersion, context, method, then one member");
    return ok ? m : NULL;
}

/* An object whose members are exactly these name/value pairs, in this order. */
static int has_pairs(const cJSON *obj, const char *const *pairs, int n)
{
    const cJSON *m = cJSON_IsObject(obj) ? obj->child : NULL;
    for (int i = 0; i < n; i++, m = m->next)
        if (!m || strcmp(m->string, pairs[2 * i]) != 0 || !is_string(m, pairs[2 * i + 1]))
            return 0;
    return m == NULL;
}

static void check_response(int impl, int work, const char *buf, size_t n)
{
    static const char *const listed[] = {
        "X-Frame-Options", "SAMEORIGIN", "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "strict-origin-when-cross-origin", "Content-Security-Policy",
        "default-src 'self'; frame-ancestors 'self'; object-src 'none'",
        "Access-Control-Allow-Origin", CORS_ORIGIN};
    const char *impl_name = impl_names[impl], *what = work_names[work];
    cJSON *root = cJSON_ParseWithLength(buf, n);
    expect(cJSON_IsObject(root), what, impl_name, "response is a JSON object");
    const cJSON *m;
    switch (work) {
    case WORK_SET:
        m = check_head(root, "1.0", "set", "data", impl_name, what);
        expect(has_pairs(m, listed + 8, 1), what, impl_name, "data echoes the params");
        break;
    case WORK_LIST:
        m = check_head(root, "1.0", "list", "data", impl_name, what);
        expect(has_pairs(m, listed, 5), what, impl_name, "data is the table in order");
        break;
    case WORK_VERSIONS: {
        m = check_head(root, "1.0", "getSupportedVersions", "data", impl_name, what);
        const cJSON *v = m ? cJSON_GetObjectItemCaseSensitive(m, "apiVersions") : NULL;
        expect(cJSON_GetArraySize(v) == 2 && is_string(cJSON_GetArrayItem(v, 0), "1.0") &&
                   is_string(cJSON_GetArrayItem(v, 1), "1.1") && m->child->next == NULL,
               what, impl_name, "data is {\"apiVersions\": [\"1.0\", \"1.1\"]}");
        break;
    }
    case WORK_ERROR: {
        /* section 1: an unsupported apiVersion is answered with "1.0" and error 2100. */
        m = check_head(root, "1.0", "list", "error", impl_name, what);
        const cJSON *code = m ? cJSON_GetObjectItemCaseSensitive(m, "code") : NULL;
        const cJSON *msg = m ? cJSON_GetObjectItemCaseSensitive(m, "message") : NULL;
        expect(cJSON_IsNumber(code) && code->valuedouble == 2100 && cJSON_IsString(msg) &&
                   msg->valuestring[0] != '\0',
               what, impl_name, "error is {\"code\": 2100, \"message\": ...}");
        break;
    }
    }
    cJSON_Delete(root);
}

static int check(void)
{
    static const char block[] =
        "X-Frame-Options: SAMEORIGIN\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Referrer-Policy: strict-origin-when-cross-origin\r\n"
        "Content-Security-Policy: default-src 'self'; frame-ancestors 'self'; object-src 'none'\r\n"
        "Access-Control-Allow-Origin: " CORS_ORIGIN "\r\n";
    size_t blen;
    const char *b;
    for (int w = 0; w < WORK_BLOCK; w++) {
        const char *req = requests[w];
        size_t len = strlen(req), n;
        n = chdr_handle(&table, req, len, out, sizeof out);
        expect(n > 0 && n <= sizeof out, work_names[w], "customhdr", "response fits the buffer");
        check_response(IMPL_CHDR, w, out, n < sizeof out ? n : 0);
        n = cj_handle(&cjtable, req, len, out, sizeof out);
        check_response(IMPL_CJSON, w, out, n < sizeof out ? n : 0);
        expect(bench_jsmn_ours(req, len) == request_tokens[w], work_names[w], "jsmn-ours",
               "token count");
        expect(bench_jsmn_default(req, len) == request_tokens[w], work_names[w], "jsmn",
               "token count");
        expect(bench_jsmn_strict(req, len) == request_tokens[w], work_names[w], "jsmn-strict",
               "token count");
    }
    /* After the check has run set a second time, the table must be what setup left. */
    b = chdr_block(&table, &blen);
    expect(blen == sizeof block - 1 && memcmp(b, block, blen) == 0, "block", "customhdr",
           "defaults then Access-Control-Allow-Origin, one line each");
    expect(chdr_count(&table) == 5, "repeated set", "customhdr", "still five headers");
    expect(cjtable.count == 5, "repeated set", "cjson", "still five headers");
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}

/* ---- time */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile size_t sink;

/* Batches are sized to take 5 ms each, then every measurement gets one batch per round, round
   after round, and keeps its best: on a shared machine a burst of load then hits all of them
   alike instead of ruining one. */
static void time_all(void)
{
    enum { ROUNDS = 15 };
    long n[IMPL_COUNT][WORK_COUNT];
    double best[IMPL_COUNT][WORK_COUNT];
    for (int w = 0; w < WORK_COUNT; w++) {
        for (int i = 0; i < IMPL_COUNT; i++) {
            if (!applies(i, w))
                continue;
            n[i][w] = 64;
            for (;;) {
                double t = now_ns();
                sink += run(i, w, n[i][w]);
                t = now_ns() - t;
                if (t > 5e6 || n[i][w] > (1L << 28))
                    break;
                n[i][w] *= 2;
            }
            best[i][w] = 1e300;
        }
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int w = 0; w < WORK_COUNT; w++) {
            for (int i = 0; i < IMPL_COUNT; i++) {
                if (!applies(i, w))
                    continue;
                double t = now_ns();
                sink += run(i, w, n[i][w]);
                t = (now_ns() - t) / (double)n[i][w];
                if (t < best[i][w])
                    best[i][w] = t;
            }
        }
    }
    for (int w = 0; w < WORK_COUNT; w++)
        for (int i = 0; i < IMPL_COUNT; i++)
            if (applies(i, w))
                printf("%s %s %.1f\n", work_names[w], impl_names[i], best[i][w]);
}

static int lookup(const char *const *names, int count, const char *s)
{
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

int main(int argc, char **argv)
{
    if (setup() != 0) {
        fprintf(stderr, "bench: cannot install CHDR_AXIS_DEFAULTS\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    if (argc == 2 && strcmp(argv[1], "check") == 0)
        return check();
    if (argc == 2 && strcmp(argv[1], "time") == 0) {
        time_all();
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "bytes") == 0) {
        for (int w = 0; w < WORK_COUNT; w++)
            printf("%s %zu\n", work_names[w], requests[w] ? strlen(requests[w]) : 0);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "run") == 0) {
        int i = lookup(impl_names, IMPL_COUNT, argv[2]);
        int w = lookup(work_names, WORK_COUNT, argv[3]);
        long n = strtol(argv[4], NULL, 10);
        if (i >= 0 && w >= 0 && applies(i, w) && n >= 0) {
            sink = run(i, w, n);
            return 0;
        }
    }
    fprintf(stderr, "usage: bench check | time | bytes | run IMPL WORKLOAD N\n");
    return 2;
}
