/* The lwIP glue's API Discovery and cross-site refusal (examples/lwip/customhdr_lwip.c with
   examples/common/apidiscovery.h and csrf.h compiled in), driven through the callbacks lwIP
   2.1's httpd.c and fs.c call: httpd_post_begin with the request head httpd passes, pbufs,
   httpd_post_finished, then the response URI opened and read like a file. Expected values:
   docs/behaviour.md sections 1 and 3, examples/README.md (the cross-site rule). */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "customhdr_lwip.h"
#include "apidiscovery.h"
#include "csrf.h"

#include "lwip/apps/fs.h"
#include "lwip/apps/httpd.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"

#include "tinytest.h"

int fs_open_custom(struct fs_file *file, const char *name);
int fs_read_custom(struct fs_file *file, char *buffer, int count);
void fs_close_custom(struct fs_file *file);

/* the port's pieces the glue links against */
u8_t pbuf_free(struct pbuf *p)
{
    u8_t n = 0;
    for (; p != NULL; p = p->next) n++;
    return n;
}
u32_t sys_now(void)
{
    return 0;
}

static chdr_table table;
static const chdr_lwip_page pages[] = {{"/index.html", "text/html", "x", 1}};
static int conn;
static char got[CHDR_RESPONSE_MAX + CHDR_LWIP_HEAD_MAX + 1];
static char uri[64];

static void reset(void)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    chdr_init(&table);
    chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
    chdr_lwip_init(&table, pages, 1, "cm9vdDpwYXNz"); /* root:pass */
}

/* opens name as httpd would and reads the whole response into got; 0 when declined */
static int fetch(const char *name)
{
    struct fs_file f;
    size_t len = 0;
    int n;
    memset(&f, 0, sizeof f);
    if (!fs_open_custom(&f, name)) return 0;
    while (f.index < f.len && (n = fs_read_custom(&f, got + len, 100)) > 0) len += (size_t)n;
    got[len] = '\0';
    fs_close_custom(&f);
    return 1;
}

static const char *body(void)
{
    const char *p = strstr(got, "\r\n\r\n");
    return p ? p + 4 : "";
}

/* one POST: begin with head, one pbuf of body, finish; the response URI in uri */
static err_t post(const char *path, const char *head, const char *json)
{
    struct pbuf p;
    u8_t wnd = 1;
    size_t len = strlen(json);
    err_t err;
    uri[0] = '\0';
    err = httpd_post_begin(&conn, path, head, (u16_t)strlen(head), (int)len, uri, sizeof uri, &wnd);
    if (err != ERR_OK) return err;
    memset(&p, 0, sizeof p);
    p.payload = (void *)(size_t)json;
    p.len = p.tot_len = (u16_t)len;
    httpd_post_receive_data(&conn, &p);
    httpd_post_finished(&conn, uri, sizeof uri);
    return ERR_OK;
}

#define HEAD(extra) "POST x HTTP/1.1\r\nHost: cam\r\n" extra "Content-Length: 1\r\n\r\n"
#define AUTH "Authorization: Basic cm9vdDpwYXNz\r\n"
#define LIST "{\"apiVersion\":\"1.0\",\"method\":\"list\"}"
#define SET "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Evil\":\"1\"}}"
#define DEFAULTS_BLOCK "X-Frame-Options: SAMEORIGIN\r\n"

TEST(api_discovery_lists_customhttpheader)
{
    reset();
    CHECK_EQ_INT(post(CHDR_LWIP_DISCOVERY_URI, HEAD(AUTH),
                      "{\"apiVersion\":\"1.0\",\"context\":\"c\",\"method\":\"getApiList\"}"), ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 200 OK\r\n", 17) == 0);
    CHECK(strstr(got, "Content-Type: application/json\r\n") != NULL);
    CHECK(strstr(got, DEFAULTS_BLOCK) != NULL);
    CHECK(strcmp(body(), "{\"apiVersion\":\"1.0\",\"context\":\"c\",\"method\":\"getApiList\",\"data\":"
                         "{\"apiList\":[{\"id\":\"customhttpheader\",\"version\":\"1.1\",\"name\":"
                         "\"Custom HTTP header\",\"docLink\":\"" APIDISC_DOC_LINK "\"}]}}") == 0);
    CHECK_EQ_INT(post(CHDR_LWIP_DISCOVERY_URI, HEAD(AUTH), "{\"apiVersion\":\"1.0\"}"), ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strstr(body(), "\"error\":{\"code\":2103,\"message\":\"method: missing\"}") != NULL);
    /* a list request is no method of API Discovery: the API was not asked */
    CHECK_EQ_INT(post(CHDR_LWIP_DISCOVERY_URI, HEAD(AUTH), LIST), ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strstr(body(), "\"code\":2102") != NULL);
}

TEST(api_discovery_needs_auth_and_post)
{
    reset();
    CHECK(post(CHDR_LWIP_DISCOVERY_URI, HEAD(""), "{}") != ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 401 ", 13) == 0);
    CHECK_EQ_INT(fetch(CHDR_LWIP_DISCOVERY_URI), 1); /* a GET */
    CHECK(strncmp(got, "HTTP/1.0 405 ", 13) == 0 && strstr(got, "Allow: POST\r\n") != NULL);
}

TEST(another_sites_page_is_refused_before_auth)
{
    static const char *const heads[] = {
        HEAD(AUTH "Origin: http://evil.example\r\n"),
        HEAD("Origin: http://evil.example\r\n"),
        HEAD(AUTH "Sec-Fetch-Site: cross-site\r\nOrigin: http://cam\r\n"),
        HEAD(AUTH "origin:  null \r\n"),
        HEAD(AUTH "Sec-Fetch-Site: same-site\r\n")};
    size_t i;
    reset();
    for (i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        CHECK(post(CHDR_LWIP_API_URI, heads[i], SET) != ERR_OK);
        CHECK_EQ_INT(fetch(uri), 1);
        CHECK(strncmp(got, "HTTP/1.0 403 Forbidden\r\n", 24) == 0);
        CHECK(strstr(got, "Content-Type: application/json\r\n") != NULL);
        CHECK(strstr(got, DEFAULTS_BLOCK) != NULL);
        CHECK(strcmp(body(), CSRF_REFUSAL_CONST) == 0);
        CHECK(strstr(body(), "\"code\":2104") && strstr(body(), "cross-site request refused"));
    }
    CHECK(post(CHDR_LWIP_DISCOVERY_URI, heads[0], "{}") != ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 403 ", 13) == 0);
    CHECK(!chdr_find(&table, "X-Evil", 6, NULL, NULL));
    CHECK_EQ_INT(chdr_count(&table), 4);
}

TEST(own_origin_and_a_credentialed_cors_grant_pass)
{
    reset();
    CHECK_EQ_INT(post(CHDR_LWIP_API_URI, HEAD(AUTH "Origin: http://cam\r\n"), LIST), ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 200 ", 13) == 0);
    CHECK_EQ_INT(post(CHDR_LWIP_API_URI, HEAD(AUTH "Sec-Fetch-Site: same-origin\r\n"), LIST), ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Origin", 27, "https://app.example", 19), CHDR_OK);
    CHECK_EQ_INT(chdr_set(&table, "Access-Control-Allow-Credentials", 32, "true", 4), CHDR_OK);
    CHECK_EQ_INT(post(CHDR_LWIP_API_URI,
                      HEAD(AUTH "Origin: https://app.example\r\nSec-Fetch-Site: cross-site\r\n"), SET),
                 ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 200 ", 13) == 0);
    CHECK(chdr_find(&table, "X-Evil", 6, NULL, NULL));
}

#if !CHDR_LWIP_BASIC
/* The firmware's own check, here a fixed token; its challenge names that scheme. */
int chdr_lwip_authorize(const char *head, size_t len)
{
    static const char want[] = "\r\nAuthorization: Token ok\r\n";
    size_t i;
    for (i = 0; i + sizeof want - 1 <= len; i++)
        if (memcmp(head + i, want, sizeof want - 1) == 0) return 1;
    return 0;
}
const char *chdr_lwip_challenge(void)
{
    return "Token realm=\"customhdr\"";
}

TEST(basic_off_the_firmwares_check_decides)
{
    reset();
    /* the right Basic credentials are not enough, and the 401 does not offer Basic */
    CHECK(post(CHDR_LWIP_API_URI, HEAD(AUTH), LIST) != ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 401 ", 13) == 0);
    CHECK(strstr(got, "\r\nWWW-Authenticate: Token realm=\"customhdr\"\r\n") != NULL);
    CHECK(strstr(got, "Basic") == NULL);
    CHECK(strstr(got, DEFAULTS_BLOCK) != NULL);
    CHECK_EQ_INT(post(CHDR_LWIP_API_URI, HEAD("Authorization: Token ok\r\n"), LIST), ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 200 ", 13) == 0);
    /* the cross-site refusal still comes first */
    CHECK(post(CHDR_LWIP_API_URI, HEAD("Authorization: Token ok\r\nOrigin: http://evil.example\r\n"), SET) !=
          ERR_OK);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 403 ", 13) == 0);
}
#endif

int main(void)
{
#if !CHDR_LWIP_BASIC
    RUN(basic_off_the_firmwares_check_decides);
    return tt_summary();
#endif
    RUN(api_discovery_lists_customhttpheader);
    RUN(api_discovery_needs_auth_and_post);
    RUN(another_sites_page_is_refused_before_auth);
    RUN(own_origin_and_a_credentialed_cors_grant_pass);
    return tt_summary();
}
