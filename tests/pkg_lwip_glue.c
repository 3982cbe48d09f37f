/* The lwIP glue (examples/lwip/customhdr_lwip.c) driven the way lwIP 2.1's httpd.c and fs.c
   drive it: fs_open_custom / fs_read_custom / fs_close_custom and httpd_post_*, with hand-made
   pbuf chains. httpd.c itself is not in Debian's liblwip-dev, so this checks the glue's side of
   the contract, not httpd's. Expected headers come from docs/behaviour.md section 3; the framing (status
   line, Content-Length, blank line) from RFC 9112. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "customhdr_lwip.h"

#include "lwip/apps/fs.h"
#include "lwip/apps/httpd.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"

#include "answers.h"
#include "tinytest.h"

int fs_open_custom(struct fs_file *file, const char *name);
int fs_read_custom(struct fs_file *file, char *buffer, int count);
void fs_close_custom(struct fs_file *file);

/* httpd hands every POST pbuf to the application, which must free it: count the frees. */
static int pbufs_freed;
u8_t pbuf_free(struct pbuf *p)
{
    u8_t n = 0;
    for (; p != NULL; p = p->next)
        n++;
    pbufs_freed += n;
    return n;
}

/* the port's millisecond clock, moved by hand */
static u32_t now_ms;
u32_t sys_now(void)
{
    return now_ms;
}

static chdr_table table;
static const char index_html[] = "<p>hi</p>";
static const chdr_lwip_page pages[] = {{"/index.html", "text/html", index_html, 9}};
/* base64("root:pass") */
#define CREDENTIALS "cm9vdDpwYXNz"
static int conn_a, conn_b; /* stand-ins for httpd's per-connection state pointers */

static const char axis_block[] =
    "X-Frame-Options: SAMEORIGIN\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'self'; object-src 'none'\r\n";

static void reset(void)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    chdr_init(&table);
    chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
    chdr_lwip_init(&table, pages, 1, CREDENTIALS);
    pbufs_freed = 0;
}

/* Reads a whole open file the way httpd does, in blocks (odd-sized, to cross the head/body
   boundary mid-block), then closes it. */
static char got[CHDR_RESPONSE_MAX + CHDR_LWIP_HEAD_MAX];
static size_t got_len;
static void read_all(struct fs_file *f, int block)
{
    int n;
    got_len = 0;
    while (f->index < f->len && (n = fs_read_custom(f, got + got_len, block)) > 0)
        got_len += (size_t)n;
    got[got_len] = '\0';
    fs_close_custom(f);
}

static int fetch(const char *name)
{
    struct fs_file f;
    memset(&f, 0, sizeof f);
    if (!fs_open_custom(&f, name))
        return 0;
    if (f.data != NULL || f.index != 0 || !(f.flags & FS_FILE_FLAGS_HEADER_INCLUDED))
        return -1;
    read_all(&f, 7);
    return (size_t)f.len == got_len ? 1 : -1;
}

static const char *body_of(void)
{
    const char *p = strstr(got, "\r\n\r\n");
    return p ? p + 4 : "";
}

/* one header line, exactly, in the head */
static int has_line(const char *line)
{
    const char *end = strstr(got, "\r\n\r\n");
    const char *p = strstr(got, line);
    return p != NULL && end != NULL && p < end && p > got && p[-1] == '\n';
}

static size_t count_lines(const char *name)
{
    size_t n = 0, len = strlen(name);
    const char *p = got, *end = strstr(got, "\r\n\r\n");
    while ((p = strstr(p, "\r\n")) != NULL && p < end) {
        p += 2;
        if (strncmp(p, name, len) == 0 && p[len] == ':')
            n++;
    }
    return n;
}

static int has_axis_block(void)
{
    return strstr(got, axis_block) != NULL;
}

/* Runs one POST through httpd_post_*: headers, body in two pbufs of one chain, finish.
   Returns the response URI httpd would open, "" when begin refused with no URI. */
static char post_uri[64];
static err_t post_api(void *conn, const char *headers, const char *body, int finish)
{
    struct pbuf a, b;
    size_t len = strlen(body), half = len / 2;
    u8_t wnd = 1;
    err_t err;

    post_uri[0] = '\0';
    err = httpd_post_begin(conn, CHDR_LWIP_API_URI, headers, (u16_t)strlen(headers), (int)len,
                           post_uri, sizeof post_uri, &wnd);
    if (err != ERR_OK)
        return err;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.next = &b;
    a.payload = (void *)(size_t)body;
    a.len = (u16_t)half;
    a.tot_len = (u16_t)len;
    b.payload = (void *)(size_t)(body + half);
    b.len = (u16_t)(len - half);
    b.tot_len = b.len;
    if (finish) {
        httpd_post_receive_data(conn, &a);
        httpd_post_finished(conn, post_uri, sizeof post_uri);
    } else {
        /* the connection drops after the first pbuf */
        a.next = NULL;
        a.tot_len = a.len;
        httpd_post_receive_data(conn, &a);
        httpd_post_finished(conn, post_uri, sizeof post_uri);
    }
    return ERR_OK;
}

#define AUTH " HTTP/1.1\r\nHost: cam\r\nAuthorization: Basic " CREDENTIALS "\r\nContent-Length: 1"
#define SET_BODY "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Lwip\":\"yes\"}}"

TEST(page_is_200_with_head_block_and_body)
{
    reset();
    CHECK_EQ_INT(fetch("/index.html"), 1);
    CHECK(strncmp(got, "HTTP/1.0 200 OK\r\n", 17) == 0);
    CHECK(has_line("Content-Type: text/html\r\n"));
    CHECK(has_line("Content-Length: 9\r\n"));
    CHECK(has_axis_block());
    CHECK(strcmp(body_of(), "<p>hi</p>") == 0);
}

TEST(unknown_uri_is_declined_and_404_page_carries_block)
{
    reset();
    CHECK_EQ_INT(fetch("/nope.html"), 0);
    CHECK_EQ_INT(fetch("/404.html"), 1);
    CHECK(strncmp(got, "HTTP/1.0 404 ", 13) == 0);
    CHECK(has_axis_block());
    CHECK_EQ_INT(fetch("/400.html"), 1);
    CHECK(strncmp(got, "HTTP/1.0 400 ", 13) == 0 && has_axis_block());
    CHECK_EQ_INT(fetch("/501.html"), 1);
    CHECK(strncmp(got, "HTTP/1.0 501 ", 13) == 0 && has_axis_block());
}

TEST(get_on_api_is_405_with_allow_post)
{
    reset();
    CHECK_EQ_INT(fetch(CHDR_LWIP_API_URI), 1);
    CHECK(strncmp(got, "HTTP/1.0 405 ", 13) == 0);
    CHECK(has_line("Allow: POST\r\n"));
    CHECK(has_line("Content-Type: application/json\r\n"));
    CHECK(strcmp(body_of(), ANSWER_405) == 0);
    CHECK(has_axis_block());
}

TEST(post_without_or_with_wrong_credentials_is_401)
{
    reset();
    CHECK(post_api(&conn_a, " HTTP/1.1\r\nHost: cam\r\nContent-Length: 2", "{}", 1) != ERR_OK);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 401 ", 13) == 0);
    CHECK(has_line("WWW-Authenticate: Basic realm=\"customhdr\"\r\n"));
    CHECK(has_line("Content-Type: application/json\r\n"));
    CHECK(strcmp(body_of(), ANSWER_401) == 0);
    CHECK(has_axis_block());
    CHECK(post_api(&conn_a, " HTTP/1.1\r\nAuthorization: Basic cm9vdDpwYXNx\r\n", "{}", 1) !=
          ERR_OK);
    CHECK(post_api(&conn_a, " HTTP/1.1\r\nAuthorization: Basic cm9vdDpwYXN\r\n", "{}", 1) != ERR_OK);
    CHECK(post_api(&conn_a, " HTTP/1.1\r\nAuthorization: Bearer " CREDENTIALS "\r\n", "{}", 1) !=
          ERR_OK);
    CHECK(post_api(&conn_a, " HTTP/1.1\r\nAuthorization: Basic \r\n", "{}", 1) != ERR_OK);
    CHECK(post_api(&conn_a, " HTTP/1.1\r\nX-Authorization: Basic " CREDENTIALS "\r\n", "{}", 1) !=
          ERR_OK);
}

TEST(post_to_another_uri_is_404)
{
    char uri[64] = "";
    u8_t wnd = 1;
    reset();
    CHECK(httpd_post_begin(&conn_a, "/other.cgi", AUTH, sizeof AUTH - 1, 2, uri, sizeof uri,
                           &wnd) != ERR_OK);
    CHECK(strcmp(uri, "/404.html") == 0);
}

TEST(authorized_set_answers_json_and_next_responses_carry_header)
{
    reset();
    CHECK_EQ_INT(post_api(&conn_a, AUTH, SET_BODY, 1), ERR_OK);
    CHECK_EQ_INT(pbufs_freed, 2);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 200 OK\r\n", 17) == 0);
    CHECK(has_line("Content-Type: application/json\r\n"));
    CHECK(has_line("Cache-Control: no-store\r\n"));
    CHECK(strstr(body_of(), "\"data\"") != NULL && strstr(body_of(), "\"error\"") == NULL);
    CHECK_EQ_INT(fetch("/index.html"), 1);
    CHECK(has_line("X-Lwip: yes\r\n"));
    CHECK_EQ_INT(fetch("/404.html"), 1);
    CHECK(has_line("X-Lwip: yes\r\n"));
}

TEST(header_names_and_scheme_are_case_insensitive)
{
    reset();
    CHECK_EQ_INT(post_api(&conn_a, " HTTP/1.1\r\nauthorization:   bAsIc  " CREDENTIALS " \r\n",
                          "{\"method\":\"getSupportedVersions\"}", 1),
                 ERR_OK);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK(strstr(body_of(), "\"1.1\"") != NULL);
}

TEST(api_answer_cannot_be_fetched_directly_or_twice)
{
    reset();
    CHECK_EQ_INT(fetch(" chdr api"), 0);
    CHECK_EQ_INT(post_api(&conn_a, AUTH, SET_BODY, 1), ERR_OK);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK_EQ_INT(fetch(post_uri), 0);
}

TEST(second_post_while_one_is_answered_is_503_then_free_again)
{
    struct fs_file f;
    reset();
    CHECK_EQ_INT(post_api(&conn_a, AUTH, SET_BODY, 1), ERR_OK);
    memset(&f, 0, sizeof f);
    CHECK(fs_open_custom(&f, post_uri)); /* answer of A still being sent */
    CHECK(post_api(&conn_b, AUTH, SET_BODY, 1) != ERR_OK);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 503 ", 13) == 0 && has_axis_block());
    CHECK(strcmp(body_of(), ANSWER_503) == 0);
    read_all(&f, 64); /* A's answer done and closed: the POST buffer is free */
    CHECK(strstr(body_of(), "\"data\"") != NULL);
    CHECK_EQ_INT(post_api(&conn_b, AUTH, SET_BODY, 1), ERR_OK);
    CHECK_EQ_INT(fetch(post_uri), 1);
}

TEST(connection_lost_mid_body_frees_the_post_buffer)
{
    reset();
    CHECK_EQ_INT(post_api(&conn_a, AUTH, SET_BODY, 0), ERR_OK);
    CHECK(post_uri[0] == '\0');
    CHECK_EQ_INT(chdr_count(&table), 4); /* nothing applied */
    CHECK_EQ_INT(post_api(&conn_b, AUTH, SET_BODY, 1), ERR_OK);
    CHECK_EQ_INT(fetch(post_uri), 1);
}

/* httpd's http_err frees a connection that died by RST without calling httpd_post_finished:
   the buffer it held must not stay locked for good. */
TEST(post_abandoned_without_finish_is_taken_over_after_idle_time)
{
    struct pbuf a;
    char uri[64];
    u8_t wnd = 1;
    reset();
    now_ms = 0xfffff000u; /* the clock wraps around in the middle */
    CHECK_EQ_INT(httpd_post_begin(&conn_a, CHDR_LWIP_API_URI, AUTH, sizeof AUTH - 1, 40, uri,
                                  sizeof uri, &wnd),
                 ERR_OK);
    memset(&a, 0, sizeof a);
    a.payload = (void *)(size_t)"{\"method\":";
    a.len = a.tot_len = 10;
    CHECK_EQ_INT(httpd_post_receive_data(&conn_a, &a), ERR_OK);
    now_ms += CHDR_LWIP_POST_IDLE_MS - 1;
    CHECK(post_api(&conn_b, AUTH, SET_BODY, 1) != ERR_OK);
    CHECK(strcmp(post_uri, " chdr 503") == 0);
    now_ms += 1;
    CHECK_EQ_INT(post_api(&conn_b, AUTH, SET_BODY, 1), ERR_OK);
    /* the dead request's late callbacks change nothing and still free their pbufs */
    pbufs_freed = 0;
    CHECK(httpd_post_receive_data(&conn_a, &a) != ERR_OK);
    CHECK_EQ_INT(pbufs_freed, 1);
    httpd_post_finished(&conn_a, uri, sizeof uri);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK(strstr(body_of(), "\"data\"") != NULL);
}

TEST(answered_post_is_never_taken_over)
{
    struct fs_file f;
    reset();
    now_ms = 5;
    CHECK_EQ_INT(post_api(&conn_a, AUTH, SET_BODY, 1), ERR_OK);
    memset(&f, 0, sizeof f);
    CHECK(fs_open_custom(&f, post_uri));
    now_ms += 10 * CHDR_LWIP_POST_IDLE_MS;
    CHECK(post_api(&conn_b, AUTH, SET_BODY, 1) != ERR_OK);
    read_all(&f, 100);
    CHECK(strstr(body_of(), "\"data\"") != NULL);
}

/* Declared over the limit: 413 and the library's own answer (docs/behaviour.md section 1: 1100
   for a body over the limit), from the head, with nothing received and the buffer left free. */
TEST(over_long_body_is_answered_413_with_the_librarys_1100)
{
    static char big[CHDR_REQUEST_MAX + 200];
    static const char want[] = "{\"apiVersion\":\"1.0\",\"error\":{\"code\":1100,"
                               "\"message\":\"body: larger than the byte limit of 4096\"}}";
    size_t n;
    reset();
    n = (size_t)sprintf(big, "{\"apiVersion\":\"1.0\",\"method\":\"list\",\"context\":\"");
    memset(big + n, 'a', sizeof big - n - 3);
    memcpy(big + sizeof big - 3, "\"}", 3);
    CHECK(post_api(&conn_a, AUTH, big, 1) != ERR_OK);
    CHECK(strcmp(post_uri, " chdr 413") == 0);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK(strncmp(got, "HTTP/1.0 413 ", 13) == 0 && has_axis_block());
    CHECK(has_line("Content-Type: application/json\r\n"));
    CHECK(CHDR_REQUEST_MAX != 4096 || strcmp(body_of(), want) == 0);
    CHECK_EQ_INT(post_api(&conn_b, AUTH, SET_BODY, 1), ERR_OK); /* the buffer was never taken */
}

/* More bytes than Content-Length said still cannot overflow the buffer: the library's 1100. */
TEST(body_longer_than_declared_is_answered_1100)
{
    static char big[CHDR_REQUEST_MAX + 200];
    struct pbuf a;
    char uri[64];
    u8_t wnd = 1;
    reset();
    memset(big, ' ', sizeof big);
    CHECK_EQ_INT(httpd_post_begin(&conn_a, CHDR_LWIP_API_URI, AUTH, sizeof AUTH - 1, 10, uri,
                                  sizeof uri, &wnd),
                 ERR_OK);
    memset(&a, 0, sizeof a);
    a.payload = big;
    a.len = a.tot_len = (u16_t)sizeof big;
    CHECK_EQ_INT(httpd_post_receive_data(&conn_a, &a), ERR_OK);
    httpd_post_finished(&conn_a, uri, sizeof uri);
    CHECK_EQ_INT(fetch(uri), 1);
    CHECK(strstr(body_of(), "\"code\":1100") != NULL);
}

TEST(head_is_a_snapshot_taken_at_open)
{
    struct fs_file f;
    reset();
    memset(&f, 0, sizeof f);
    CHECK(fs_open_custom(&f, "/index.html"));
    CHECK_EQ_INT(chdr_set(&table, "X-Late", 6, "1", 1), CHDR_OK);
    read_all(&f, 5);
    CHECK(strstr(got, "X-Late") == NULL);
    CHECK(has_axis_block());
}

TEST(custom_cache_control_replaces_the_servers_own)
{
    reset();
    CHECK_EQ_INT(chdr_set(&table, "cache-control", 13, "max-age=5", 9), CHDR_OK);
    CHECK_EQ_INT(post_api(&conn_a, AUTH, "{\"method\":\"getSupportedVersions\"}", 1), ERR_OK);
    CHECK_EQ_INT(fetch(post_uri), 1);
    CHECK_EQ_INT(count_lines("Cache-Control") + count_lines("cache-control"), 1);
    CHECK(has_line("cache-control: max-age=5\r\n"));
}

TEST(slots_run_out_and_come_back)
{
    struct fs_file f[CHDR_LWIP_FILES + 1];
    int i;
    reset();
    memset(f, 0, sizeof f);
    for (i = 0; i < CHDR_LWIP_FILES; i++)
        CHECK(fs_open_custom(&f[i], "/index.html"));
    CHECK(!fs_open_custom(&f[CHDR_LWIP_FILES], "/index.html"));
    fs_close_custom(&f[0]);
    CHECK(fs_open_custom(&f[CHDR_LWIP_FILES], "/index.html"));
    fs_close_custom(&f[CHDR_LWIP_FILES]);
    for (i = 1; i < CHDR_LWIP_FILES; i++)
        fs_close_custom(&f[i]);
}

int main(void)
{
    RUN(page_is_200_with_head_block_and_body);
    RUN(unknown_uri_is_declined_and_404_page_carries_block);
    RUN(get_on_api_is_405_with_allow_post);
    RUN(post_without_or_with_wrong_credentials_is_401);
    RUN(post_to_another_uri_is_404);
    RUN(authorized_set_answers_json_and_next_responses_carry_header);
    RUN(header_names_and_scheme_are_case_insensitive);
    RUN(api_answer_cannot_be_fetched_directly_or_twice);
    RUN(second_post_while_one_is_answered_is_503_then_free_again);
    RUN(connection_lost_mid_body_frees_the_post_buffer);
    RUN(post_abandoned_without_finish_is_taken_over_after_idle_time);
    RUN(answered_post_is_never_taken_over);
    RUN(over_long_body_is_answered_413_with_the_librarys_1100);
    RUN(body_longer_than_declared_is_answered_1100);
    RUN(head_is_a_snapshot_taken_at_open);
    RUN(custom_cache_control_replaces_the_servers_own);
    RUN(slots_run_out_and_come_back);
    return tt_summary();
}
