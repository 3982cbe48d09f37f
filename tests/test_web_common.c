/* The examples' shared web pieces on their own (examples/common/apidiscovery.h, csrf.h and
   answers.h):
   API Discovery answers to requests shaped as Axis clients send them and every error of
   docs/behaviour.md section 1's order, and the cross-site decision for each combination of Origin,
   Sec-Fetch-Site, Host and the custom CORS headers. Expected values come from docs/behaviour.md
   sections 1 and 3 and the Fetch standard's meaning of the two request fields. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#define APIDISCOVERY_IMPLEMENTATION
#include "../examples/common/apidiscovery.h"
#define CSRF_IMPLEMENTATION
#include "../examples/common/csrf.h"
#define ANSWERS_IMPLEMENTATION
#include "../examples/common/answers.h"

#include <stdlib.h>

#include "tinytest.h"

static const apidisc_api apis[] = {APIDISC_CUSTOMHDR};
static char out[APIDISC_RESPONSE_MAX];

static size_t ask(const char *req)
{
    size_t n = apidisc_handle(apis, 1, req, strlen(req), out, sizeof out);
    if (n < sizeof out) out[n] = '\0';
    else out[sizeof out - 1] = '\0';
    return n;
}

#define ENTRY                                                                                  \
    "{\"id\":\"customhttpheader\",\"version\":\"1.1\",\"name\":\"Custom HTTP header\","         \
    "\"docLink\":\"https://developer.axis.com/vapix/network-video/custom-http-header-api\"}"

#define ANSWER(req, want)                                                                      \
    do {                                                                                       \
        size_t n_ = ask(req);                                                                  \
        CHECK_EQ_STR(out, n_, want);                                                           \
    } while (0)

TEST(get_api_list_as_axis_clients_send_it)
{
    ANSWER("{\"apiVersion\":\"1.0\",\"context\":\"Client defined request ID\",\"method\":\"getApiList\"}",
           "{\"apiVersion\":\"1.0\",\"context\":\"Client defined request ID\",\"method\":\"getApiList\","
           "\"data\":{\"apiList\":[" ENTRY "]}}");
    ANSWER("{\"apiVersion\":\"1.0\",\"method\":\"getApiList\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"data\":{\"apiList\":[" ENTRY "]}}");
    /* params (Axis clients may send an empty object) and unknown members are ignored */
    ANSWER(" { \"method\" : \"getApiList\", \"params\": {}, \"x\": [1, 2], \"apiVersion\": \"1.0\" } ",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"data\":{\"apiList\":[" ENTRY "]}}");
    /* members compare as code points: an escaped name or value is the same string */
    ANSWER("{\"apiVersion\":\"1\\u002e0\",\"\\u006dethod\":\"getApi\\u004cist\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApi\\u004cist\",\"data\":{\"apiList\":[" ENTRY "]}}");
}

TEST(get_supported_versions)
{
    ANSWER("{\"method\":\"getSupportedVersions\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getSupportedVersions\",\"data\":{\"apiVersions\":[\"1.0\"]}}");
    /* apiVersion optional and not checked: any value, any type */
    ANSWER("{\"apiVersion\":7,\"context\":\"c\",\"method\":\"getSupportedVersions\"}",
           "{\"apiVersion\":\"1.0\",\"context\":\"c\",\"method\":\"getSupportedVersions\","
           "\"data\":{\"apiVersions\":[\"1.0\"]}}");
    ANSWER("{\"apiVersion\":\"9.9\",\"method\":\"getSupportedVersions\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getSupportedVersions\",\"data\":{\"apiVersions\":[\"1.0\"]}}");
}

TEST(list_of_several_apis)
{
    static const apidisc_api two[] = {APIDISC_CUSTOMHDR, {"other", "2.0", "Other", "x"}};
    static const char req[] = "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\"}";
    size_t n = apidisc_handle(two, 2, req, sizeof req - 1, out, sizeof out);
    CHECK_EQ_STR(out, n, "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"data\":{\"apiList\":["
                 ENTRY ",{\"id\":\"other\",\"version\":\"2.0\",\"name\":\"Other\",\"docLink\":\"x\"}]}}");
}

TEST(bad_json_is_2101)
{
    static const char *bad[] = {"", " ", "{", "{\"method\":\"getApiList\"", "{\"method\":getApiList}",
                                "{\"method\":\"getApiList\"} x", "{\"a\":1,}", "\"\\x\"",
                                "{\"method\":\"\xff\"}", "{\"method\":\"getApiList\"}{}"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = ask(bad[i]);
        CHECK(n < sizeof out && strstr(out, "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2101,"
                                            "\"message\":\"body: not valid JSON (RFC 8259), it breaks at byte ") == out);
    }
    ANSWER("[1]", "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2101,\"message\":\"body: not a JSON object\"}}");
    ANSWER("{\"method\":\"getApiList\",\"apiVersion\":\"1.0\",\"m\\u0065thod\":\"x\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"error\":{\"code\":2101,"
           "\"message\":\"body \\\"m\\u0065thod\\\": appears twice at the top level\"}}");
    ANSWER("{\"x\":1,\"x\":2,\"method\":\"getApiList\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"error\":{\"code\":2101,"
           "\"message\":\"body \\\"x\\\": appears twice at the top level\"}}");
}

TEST(errors_in_spec_order)
{
    ANSWER("{\"apiVersion\":\"1.0\",\"context\":\"c\"}",
           "{\"apiVersion\":\"1.0\",\"context\":\"c\",\"error\":{\"code\":2103,\"message\":\"method: missing\"}}");
    ANSWER("{\"apiVersion\":\"1.0\",\"method\":1}",
           "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2104,\"message\":\"method: must be a string\"}}");
    ANSWER("{\"apiVersion\":\"1.0\",\"context\":\"c\",\"method\":\"list\"}",
           "{\"apiVersion\":\"1.0\",\"context\":\"c\",\"method\":\"list\",\"error\":{\"code\":2102,"
           "\"message\":\"method: names no method, use getApiList or getSupportedVersions\"}}");
    ANSWER("{\"method\":\"getapilist\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getapilist\",\"error\":{\"code\":2102,"
           "\"message\":\"method: names no method, use getApiList or getSupportedVersions\"}}");
    /* 2102 comes before any apiVersion error */
    ANSWER("{\"apiVersion\":5,\"method\":\"nope\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"nope\",\"error\":{\"code\":2102,"
           "\"message\":\"method: names no method, use getApiList or getSupportedVersions\"}}");
    ANSWER("{\"method\":\"getApiList\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"error\":{\"code\":2103,\"message\":\"apiVersion: missing\"}}");
    ANSWER("{\"apiVersion\":1.0,\"method\":\"getApiList\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"error\":{\"code\":2104,\"message\":\"apiVersion: must be a string\"}}");
    ANSWER("{\"apiVersion\":\"1.1\",\"context\":7,\"method\":\"getApiList\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"error\":{\"code\":2100,\"message\":\"apiVersion: not supported, use 1.0\"}}");
    ANSWER("{\"apiVersion\":\"1.0\",\"context\":7,\"method\":\"getApiList\"}",
           "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\",\"error\":{\"code\":2104,\"message\":\"context: must be a string\"}}");
}

TEST(context_limit_and_echo)
{
    char req[600], want[900];
    size_t n;
    memset(req, 0, sizeof req);
    strcpy(req, "{\"apiVersion\":\"1.0\",\"context\":\"");
    memset(req + strlen(req), 'c', CHDR_CONTEXT_MAX);
    strcat(req, "\",\"method\":\"getSupportedVersions\"}");
    n = ask(req);
    CHECK(n < sizeof out && strstr(out, "\"data\":{\"apiVersions\":[\"1.0\"]}}") != NULL);
    memset(req, 0, sizeof req);
    strcpy(req, "{\"apiVersion\":\"1.0\",\"context\":\"");
    memset(req + strlen(req), 'c', CHDR_CONTEXT_MAX + 1);
    strcat(req, "\",\"method\":\"getSupportedVersions\"}");
    snprintf(want, sizeof want, "\"error\":{\"code\":2104,\"message\":\"context: longer than the byte limit of %d\"}}",
             CHDR_CONTEXT_MAX);
    n = ask(req);
    CHECK(n < sizeof out && strstr(out, want) != NULL && strstr(out, "\"context\":\"ccc") != NULL);
    /* echoed as written, escapes and all */
    ANSWER("{\"context\":\"a\\\"b\\u00e9\",\"method\":\"getSupportedVersions\"}",
           "{\"apiVersion\":\"1.0\",\"context\":\"a\\\"b\\u00e9\",\"method\":\"getSupportedVersions\","
           "\"data\":{\"apiVersions\":[\"1.0\"]}}");
}

TEST(limits_are_1100)
{
    static char big[CHDR_REQUEST_MAX + 2];
    char many[800];
    size_t n, i;
    memset(big, ' ', sizeof big - 1);
    n = apidisc_handle(apis, 1, big, CHDR_REQUEST_MAX + 1, out, sizeof out);
    CHECK(n < sizeof out && (out[n] = '\0', strstr(out, "\"code\":1100,\"message\":\"body: larger than the byte limit of")));
    strcpy(many, "{\"method\":\"getApiList\",\"apiVersion\":\"1.0\",\"p\":[");
    for (i = 0; i < 70; i++) strcat(many, i ? ",1" : "1");
    strcat(many, "]}");
    n = ask(many);
    CHECK(n < sizeof out && strstr(out, "\"code\":1100,\"message\":\"body: more JSON tokens than the limit of 64\"") != NULL);
    /* too many tokens and a syntax error after them: 2101 */
    many[strlen(many) - 1] = ',';
    n = ask(many);
    CHECK(n < sizeof out && strstr(out, "\"code\":2101") != NULL);
}

TEST(small_buffer_reports_the_length_needed)
{
    static const char req[] = "{\"apiVersion\":\"1.0\",\"method\":\"getApiList\"}";
    char small[40];
    size_t need = apidisc_handle(apis, 1, req, sizeof req - 1, out, sizeof out);
    memset(small, 'z', sizeof small);
    CHECK_EQ_INT(apidisc_handle(apis, 1, req, sizeof req - 1, small, 20), need);
    CHECK(small[20] == 'z' && small[39] == 'z');
}

/* ---- csrf_check ---- */

static chdr_table table;

static const char *scheme = "http";
static int decide(const char *origin, const char *site, const char *host)
{
    return csrf_check(&table, scheme, origin, origin ? strlen(origin) : 0, site, site ? strlen(site) : 0,
                      host, host ? strlen(host) : 0);
}

TEST(non_browser_and_same_origin_pass)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    chdr_init(&table);
    chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
    CHECK_EQ_INT(decide(NULL, NULL, "127.0.0.1:8080"), CSRF_ALLOW);            /* curl */
    CHECK_EQ_INT(decide(NULL, NULL, NULL), CSRF_ALLOW);
    CHECK_EQ_INT(decide("http://127.0.0.1:8080", "same-origin", "127.0.0.1:8080"), CSRF_ALLOW);
    CHECK_EQ_INT(decide("http://127.0.0.1:8080", NULL, "127.0.0.1:8080"), CSRF_ALLOW);
    CHECK_EQ_INT(decide("HTTP://Camera.Local", NULL, "camera.local"), CSRF_ALLOW);
    scheme = "https";
    CHECK_EQ_INT(decide("https://camera.local:8443", NULL, "camera.local:8443"), CSRF_ALLOW);
    scheme = "http";
    CHECK_EQ_INT(decide(NULL, "none", "127.0.0.1:8080"), CSRF_ALLOW);
    CHECK_EQ_INT(decide(NULL, "same-origin", "x"), CSRF_ALLOW);
    CHECK_EQ_INT(decide(" http://h:1 ", " same-origin ", "h:1"), CSRF_ALLOW);
}

TEST(other_origins_are_refused)
{
    CHECK_EQ_INT(decide("http://127.0.0.1:9999", "same-site", "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("http://evil.example", "cross-site", "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("http://evil.example", NULL, "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    /* the Host must be the whole authority: a prefix, a suffix or another port is another origin */
    CHECK_EQ_INT(decide("http://127.0.0.1:80801", NULL, "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("http://127.0.0.1", NULL, "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("ftp://127.0.0.1:8080", NULL, "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    /* another scheme on the same host and port is another origin */
    CHECK_EQ_INT(decide("https://127.0.0.1:8080", NULL, "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("http:/127.0.0.1:8080", NULL, "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("http://127.0.0.1:8080", NULL, NULL), CSRF_CROSS_ORIGIN);
    /* Sec-Fetch-Site outranks a matching Origin: the browser knows the initiator */
    CHECK_EQ_INT(decide("http://127.0.0.1:8080", "cross-site", "127.0.0.1:8080"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("null", NULL, "127.0.0.1:8080"), CSRF_NULL_ORIGIN);
    CHECK_EQ_INT(decide("null", "cross-site", "127.0.0.1:8080"), CSRF_NULL_ORIGIN);
    CHECK_EQ_INT(decide(NULL, "cross-site", "127.0.0.1:8080"), CSRF_NO_ORIGIN);
    CHECK_EQ_INT(decide(NULL, "same-site", "127.0.0.1:8080"), CSRF_NO_ORIGIN);
}

TEST(a_credentialed_cors_grant_lets_that_origin_in)
{
    static const char app[] = "https://app.example.com";
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Origin", 27, app, sizeof app - 1), CHDR_OK);
    /* the origin alone is not a grant of credentials */
    CHECK_EQ_INT(decide(app, "cross-site", "10.0.0.2"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Credentials", 32, "true", 4), CHDR_OK);
    CHECK_EQ_INT(decide(app, "cross-site", "10.0.0.2"), CSRF_ALLOW);
    CHECK_EQ_INT(decide(app, NULL, "10.0.0.2"), CSRF_ALLOW);
    /* exactly that origin: browsers compare byte for byte */
    CHECK_EQ_INT(decide("https://APP.example.com", "cross-site", "10.0.0.2"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("https://app.example.com:444", "cross-site", "10.0.0.2"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(decide("http://app.example.com", "cross-site", "10.0.0.2"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Credentials", 32, "TRUE", 4), CHDR_OK);
    CHECK_EQ_INT(decide(app, "cross-site", "10.0.0.2"), CSRF_CROSS_ORIGIN);
    /* a wildcard is never a grant of credentials */
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Credentials", 32, "true", 4), CHDR_OK);
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Origin", 27, "*", 1), CHDR_OK);
    CHECK_EQ_INT(decide(app, "cross-site", "10.0.0.2"), CSRF_CROSS_ORIGIN);
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Origin", 27, "null", 4), CHDR_OK);
    CHECK_EQ_INT(decide("null", "cross-site", "10.0.0.2"), CSRF_NULL_ORIGIN);
}

TEST(refusal_is_an_api_error_naming_the_origin)
{
    char msg[CSRF_REFUSAL_MAX];
    size_t n = csrf_refusal(CSRF_CROSS_ORIGIN, "http://evil.example", 19, msg, sizeof msg);
    CHECK(n < sizeof msg && strncmp(msg, "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2104,\"message\":"
                                         "\"Origin: cross-site request refused: a page on http://evil.example is not", 121) == 0);
    CHECK(n > 3 && strcmp(msg + n - 3, "\"}}") == 0);
    n = csrf_refusal(CSRF_CROSS_ORIGIN, "http://e\"v\\il", 13, msg, sizeof msg);
    CHECK(strstr(msg, "http://e?v?il is not") != NULL);
    n = csrf_refusal(CSRF_NULL_ORIGIN, "null", 4, msg, sizeof msg);
    CHECK(strstr(msg, "opaque origin (null)") != NULL);
    n = csrf_refusal(CSRF_NO_ORIGIN, NULL, 0, msg, sizeof msg);
    CHECK(strstr(msg, "\"message\":\"Sec-Fetch-Site: cross-site request refused") != NULL);
    n = csrf_refusal(CSRF_CROSS_ORIGIN, "x", 1, msg, 10);
    CHECK_EQ_INT(n, 9);
    CHECK_EQ_INT(strlen(msg), 9);
}

/* The 413 every example gives: what the library answers a body over CHDR_REQUEST_MAX
   (docs/behaviour.md section 1: 1100 for a fixed limit reached), with no body to read. */
TEST(too_large_is_the_librarys_own_answer)
{
    static chdr_table t;
    static char lib[CHDR_RESPONSE_MAX];
    char got[ANSWER_TOO_LARGE_MAX];
    static char body[CHDR_REQUEST_MAX + 1];
    size_t n, k;
    chdr_init(&t);
    memset(body, ' ', sizeof body);
    k = chdr_handle(&t, body, sizeof body, lib, sizeof lib);
    n = answer_too_large(&t, got, sizeof got);
    CHECK(n == k && n < sizeof got && memcmp(got, lib, n) == 0 && got[n] == '\0');
    CHECK(strstr(got, "\"error\":{\"code\":1100,") != NULL);
    CHECK(CHDR_REQUEST_MAX != 4096 ||
          strcmp(got, "{\"apiVersion\":\"1.0\",\"error\":{\"code\":1100,\"message\":\"body: "
                      "larger than the byte limit of 4096\"}}") == 0);
    /* a short buffer gets what fits, NUL-terminated */
    CHECK_EQ_INT(answer_too_large(&t, got, 10), 9);
    CHECK(got[9] == '\0');
    CHECK_EQ_INT(chdr_changes(&t), 0);
}

/* What answer_too_large relies on: chdr_run refuses a length over the limit before it reads the
   body. One byte on the heap stands for it, so ASan reports any read past it. */
TEST(a_body_over_the_limit_is_not_read)
{
    static chdr_table t;
    static char lib[CHDR_RESPONSE_MAX];
    char *one = malloc(1);
    chdr_call call;
    size_t n, w = 0;
    chdr_init(&t);
    CHECK(one != NULL);
    if (one == NULL) return;
    one[0] = '{';
    n = chdr_run(&t, &call, one, (size_t)CHDR_REQUEST_MAX + 1);
    CHECK_EQ_INT(chdr_write(&call, 0, lib, sizeof lib, &w), CHDR_OK);
    CHECK(w == n && strstr(lib, "\"code\":1100") != NULL);
    n = chdr_handle(&t, one, (size_t)-1 / 2, lib, sizeof lib);
    CHECK(n > 0 && strstr(lib, "\"code\":1100") != NULL);
    free(one);
}

/* The fixed answers are the API's error shape (docs/behaviour.md section 1), codes 2103 and 2102. */
TEST(fixed_answers_are_api_errors)
{
    CHECK(strcmp(ANSWER_401, "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2103,\"message\":"
                             "\"Authorization: admin credentials required\"}}") == 0);
    CHECK(strcmp(ANSWER_405, "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2102,\"message\":"
                             "\"HTTP method: not allowed, use POST\"}}") == 0);
    CHECK(strncmp(ANSWER_503, "{\"apiVersion\":\"1.0\",\"error\":{\"code\":1100,\"message\":\"",
                  50) == 0);
}

int main(void)
{
    RUN(get_api_list_as_axis_clients_send_it);
    RUN(get_supported_versions);
    RUN(list_of_several_apis);
    RUN(bad_json_is_2101);
    RUN(errors_in_spec_order);
    RUN(context_limit_and_echo);
    RUN(limits_are_1100);
    RUN(small_buffer_reports_the_length_needed);
    RUN(non_browser_and_same_origin_pass);
    RUN(other_origins_are_refused);
    RUN(a_credentialed_cors_grant_lets_that_origin_in);
    RUN(refusal_is_an_api_error_naming_the_origin);
    RUN(too_large_is_the_librarys_own_answer);
    RUN(a_body_over_the_limit_is_not_read);
    RUN(fixed_answers_are_api_errors);
    return tt_summary();
}
