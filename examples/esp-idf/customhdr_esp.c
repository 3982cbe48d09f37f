/* customhdr_esp - customhdr in ESP-IDF's esp_http_server (snippet, see README.md).

   NOT COMPILED by this repository's tests: there is no ESP-IDF here. Written against the
   esp_http_server API of ESP-IDF 4.1 and later (httpd_register_err_handler appeared in 4.1).

   esp_http_server keeps the pointers given to httpd_resp_set_hdr (and httpd_resp_set_status)
   and only reads them when the response is sent, and it wants NUL-terminated strings, which
   the table's block is not. So each response gets a private copy of the block, split into
   NUL-terminated names and values, and that copy must stay untouched until the response is
   out. httpd runs every handler of one server on its one task and httpd_resp_send sends
   before returning, so one static copy per server is enough; a second server (HTTPS beside
   HTTP) runs on another task and needs its own (see struct chdr_esp). A table changed from
   any other task than the server's must be guarded by a mutex held while the copy is made. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
/* the answers every example gives outside the library (examples/common/answers.h) */
#define ANSWERS_IMPLEMENTATION
#include "answers.h"

#include <esp_http_server.h>
#include <string.h>

#define API_URI "/axis-cgi/customhttpheader.cgi"
/* base64("root:pass"): provision the real one, never ship a default */
#define BASIC_CREDENTIALS "Basic cm9vdDpwYXNz"

static chdr_table table;

/* One per httpd instance: the copy of the block the in-flight response points into, the
   request, and the API's answer, sent 256 bytes at a time (no response-sized buffer). */
struct chdr_esp {
    char block[CHDR_BLOCK_MAX];
    char too_large[ANSWER_TOO_LARGE_MAX]; /* the 413 body, kept until it is sent */
    char body[CHDR_REQUEST_MAX + 1]; /* one byte over: an over-long body stays over-long */
    chdr_call call;
    char window[256];
};
static struct chdr_esp http_ctx;

/* Sets every custom header on req. The strings live in ctx->block until the next call. */
static esp_err_t chdr_esp_set_headers(httpd_req_t *req, struct chdr_esp *ctx)
{
    size_t len, i = 0;
    const char *block = chdr_block(&table, &len);

    memcpy(ctx->block, block, len);
    /* "Name: Value\r\n" becomes "Name\0 Value\0\n": the table guarantees one ": " after the
       name and no CR, LF or NUL inside names and values. */
    while (i < len) {
        char *name = ctx->block + i, *value, *colon, *cr;
        colon = memchr(name, ':', len - i);
        cr = memchr(name, '\r', len - i);
        if (colon == NULL || cr == NULL)
            return ESP_FAIL;
        *colon = '\0';
        *cr = '\0';
        value = colon + 2;
        /* ESP_ERR_HTTPD_RESP_HDR: more headers than config.max_resp_headers */
        esp_err_t err = httpd_resp_set_hdr(req, name, value);
        if (err != ESP_OK)
            return err;
        i = (size_t)(cr - ctx->block) + 2;
    }
    return ESP_OK;
}

/* The server's own header, unless the table has one of that name: never sent twice. */
static void set_own(httpd_req_t *req, const char *name, const char *value)
{
    if (!chdr_find(&table, name, strlen(name), NULL, NULL))
        httpd_resp_set_hdr(req, name, value);
}

static esp_err_t send_text(httpd_req_t *req, const char *status, const char *text)
{
    httpd_resp_set_status(req, status);
    httpd_resp_set_type(req, "text/plain");
    chdr_esp_set_headers(req, req->user_ctx != NULL ? req->user_ctx : &http_ctx);
    return httpd_resp_send(req, text, HTTPD_RESP_USE_STRLEN);
}

/* An answer on the API path that did not reach the API: the API's error shape. */
static esp_err_t send_json(httpd_req_t *req, const char *status, const char *json)
{
    httpd_resp_set_status(req, status);
    httpd_resp_set_type(req, "application/json");
    chdr_esp_set_headers(req, req->user_ctx != NULL ? req->user_ctx : &http_ctx);
    return httpd_resp_send(req, json, HTTPD_RESP_USE_STRLEN);
}

static int authorized(httpd_req_t *req)
{
    char got[96];
    size_t i, glen, n = strlen(BASIC_CREDENTIALS);
    unsigned diff;
    if (httpd_req_get_hdr_value_str(req, "Authorization", got, sizeof got) != ESP_OK)
        return 0;
    glen = strlen(got);
    if (glen == 0)
        return 0;
    /* time independent of where the two differ */
    diff = (unsigned)(glen ^ n);
    for (i = 0; i < n; i++)
        diff |= (unsigned)(got[i % glen] ^ BASIC_CREDENTIALS[i]);
    return diff == 0;
}

static esp_err_t api_post(httpd_req_t *req)
{
    struct chdr_esp *ctx = req->user_ctx;
    size_t kept = 0, left = req->content_len, len, off, n = 0;
    int timeouts = 0;
    char sink[64];

    if (!authorized(req)) {
        httpd_resp_set_hdr(req, "WWW-Authenticate", "Basic realm=\"customhdr\"");
        return send_json(req, "401 Unauthorized", ANSWER_401);
    }
    if (left > CHDR_REQUEST_MAX) {
        /* refused from the declared length; httpd discards the unread body after the handler */
        answer_too_large(&table, ctx->too_large, sizeof ctx->too_large);
        return send_json(req, "413 Payload Too Large", ctx->too_large);
    }
    while (left > 0) {
        /* keep the first CHDR_REQUEST_MAX + 1 bytes, drain the rest (a body longer than it
           said: the library answers 1100) */
        char *dst = kept < sizeof ctx->body ? ctx->body + kept : sink;
        size_t room = kept < sizeof ctx->body ? sizeof ctx->body - kept : sizeof sink;
        int r = httpd_req_recv(req, dst, left < room ? left : room);
        if (r == HTTPD_SOCK_ERR_TIMEOUT && ++timeouts < 3)
            continue; /* each wait is config.recv_wait_timeout seconds */
        if (r <= 0)
            return ESP_FAIL; /* connection gone: httpd closes it */
        if (dst != sink)
            kept += (size_t)r;
        left -= (size_t)r;
    }
    len = chdr_run(&table, &ctx->call, ctx->body, kept);
    httpd_resp_set_type(req, "application/json");
    set_own(req, "Cache-Control", "no-store");
    chdr_esp_set_headers(req, ctx); /* after the request: a set shows on its own answer */
    /* the answer in chunks of up to 256 bytes (esp_http_server sends them chunked) */
    for (off = 0; off < len; off += n) {
        if (chdr_write(&ctx->call, off, ctx->window, sizeof ctx->window, &n) != CHDR_OK || n == 0)
            return ESP_FAIL;
        if (httpd_resp_send_chunk(req, ctx->window, (ssize_t)n) != ESP_OK)
            return ESP_FAIL;
    }
    return httpd_resp_send_chunk(req, NULL, 0);
}

static esp_err_t index_get(httpd_req_t *req)
{
    httpd_resp_set_type(req, "text/html");
    set_own(req, "X-Frame-Options", "DENY");
    chdr_esp_set_headers(req, req->user_ctx);
    return httpd_resp_send(req, "<p>camera</p>", HTTPD_RESP_USE_STRLEN);
}

/* httpd's own error answers (404, 405, ...) bypass the handlers above; these carry the block. */
static esp_err_t on_404(httpd_req_t *req, httpd_err_code_t err)
{
    (void)err;
    return send_text(req, "404 Not Found", "Not Found\n");
}

static esp_err_t on_405(httpd_req_t *req, httpd_err_code_t err)
{
    (void)err;
    if (strncmp(req->uri, API_URI, sizeof API_URI - 1) == 0) {
        httpd_resp_set_hdr(req, "Allow", "POST");
        return send_json(req, "405 Method Not Allowed", ANSWER_405);
    }
    return send_text(req, "405 Method Not Allowed", "Method Not Allowed\n");
}

httpd_handle_t customhdr_server_start(void)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    httpd_config_t config = HTTPD_DEFAULT_CONFIG();
    httpd_handle_t server = NULL;
    const httpd_uri_t api = {.uri = API_URI, .method = HTTP_POST, .handler = api_post,
                             .user_ctx = &http_ctx};
    const httpd_uri_t index = {.uri = "/", .method = HTTP_GET, .handler = index_get,
                               .user_ctx = &http_ctx};

    chdr_init(&table);
    chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
    /* The default of 8 extra headers is too few: every custom header is one, plus our own. */
    config.max_resp_headers = CHDR_MAX_HEADERS + 4;
    if (httpd_start(&server, &config) != ESP_OK)
        return NULL;
    httpd_register_uri_handler(server, &api);
    httpd_register_uri_handler(server, &index);
    httpd_register_err_handler(server, HTTPD_404_NOT_FOUND, on_404);
    httpd_register_err_handler(server, HTTPD_405_METHOD_NOT_ALLOWED, on_405);
    return server;
}
