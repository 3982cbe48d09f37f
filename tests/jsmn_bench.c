/* jsmn_bench.c - instructions per tokenize: ours against upstream jsmn (strict), same inputs.
 *
 *   jsmn_bench ours|upstream WORK N    tokenize workload WORK N times (run under callgrind)
 *   jsmn_bench check                   every workload: both tokenizers agree on the count
 *
 * tests/jsmn_bench.sh takes the difference of two runs so start-up cancels. */
#include "jsmn/jsmn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bench_upstream(const char *js, size_t len, unsigned int cap);

static int bench_ours(const char *js, size_t len, unsigned int cap)
{
    static jsmntok_t t[256];
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, t, cap < 256 ? cap : 256);
}

static const char *const names[] = {"set-pretty", "set-compact", "list-pretty", "mixed"};
static const char *const works[] = {
    /* The Axis documentation's style: 4-space indentation. */
    "{\n"
    "    \"apiVersion\": \"1.1\",\n"
    "    \"context\": \"my context\",\n"
    "    \"method\": \"set\",\n"
    "    \"params\": {\n"
    "        \"Access-Control-Allow-Origin\": \"*\"\n"
    "    }\n"
    "}\n",
    "{\"apiVersion\":\"1.1\",\"context\":\"abc\",\"method\":\"set\","
    "\"params\":{\"Access-Control-Allow-Origin\":\"*\"}}",
    "{\n"
    "    \"apiVersion\": \"1.1\",\n"
    "    \"context\": \"my context\",\n"
    "    \"method\": \"list\"\n"
    "}\n",
    "[{\"id\": 12345, \"ratio\": -0.125e-3, \"ok\": true, \"none\": null, \"tags\": [\"a\", "
    "\"b\\n\\u00e9\", \"caf\xc3\xa9 \xe2\x82\xac\"], \"nested\": {\"x\": [1, 2, 3, [4, 5]], "
    "\"csp\": \"default-src 'self'; frame-ancestors 'self'; object-src 'none'\"}}, false]"};
#define NWORKS (int)(sizeof works / sizeof works[0])

int main(int argc, char **argv)
{
    int w, k, n, r = 0;
    if (argc == 2 && strcmp(argv[1], "check") == 0) {
        int bad = 0;
        for (w = 0; w < NWORKS; w++) {
            int a = bench_ours(works[w], strlen(works[w]), 256);
            int b = bench_upstream(works[w], strlen(works[w]), 256);
            printf("%-12s %4zu bytes, %3d tokens (upstream %d)\n", names[w], strlen(works[w]), a, b);
            bad += a <= 0 || a != b;
        }
        printf("%d passed, %d failed\n", NWORKS - bad, bad);
        return bad != 0;
    }
    if (argc != 4) {
        fprintf(stderr, "usage: jsmn_bench ours|upstream WORK N | jsmn_bench check\n");
        return 2;
    }
    for (w = 0; w < NWORKS && strcmp(names[w], argv[2]) != 0; w++) continue;
    if (w == NWORKS) return 2;
    n = atoi(argv[3]);
    for (k = 0; k < n; k++) {
        const char *js = works[w];
        size_t len = strlen(js);
        r += argv[1][0] == 'o' ? bench_ours(js, len, 256) : bench_upstream(js, len, 256);
    }
    return r == 0;
}
