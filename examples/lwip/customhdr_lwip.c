/* customhdr_lwip - lwIP httpd glue; see customhdr_lwip.h for how it plugs in.

   Implements lwIP's application callbacks: fs_open_custom / fs_read_custom / fs_close_custom
   (LWIP_HTTPD_CUSTOM_FILES) and httpd_post_begin / httpd_post_receive_data /
   httpd_post_finished (LWIP_HTTPD_SUPPORT_POST). lwIP calls all of them from its tcpip
   thread, one at a time, so the state below needs no lock.

   On the API paths every answer is JSON in the API's error shape, in the words every example
   uses (examples/common/answers.h): 401, 405, 503, and 413 with the library's own error 1100
   for a body declared over CHDR_REQUEST_MAX, answered before a byte of it is read.

   The responses this file makes up itself (401, 405, 413, 503 and the API answer) are opened
   by names that begin with a space. httpd ends a request's URI at the first space, so no client
   can ask for them directly; only httpd_post_* hand them to httpd as the response URI.

   API Discovery (POST CHDR_LWIP_DISCOVERY_URI, same auth) and the cross-site refusal (403 with
   an API error, decided before auth from the head httpd passes to httpd_post_begin) come from
   examples/common, compiled into this file: firmware still builds this one file. */
#include "customhdr_lwip.h"
#define APIDISCOVERY_IMPLEMENTATION
#include "../common/apidiscovery.h"
#define CSRF_IMPLEMENTATION
#include "../common/csrf.h"
#define ANSWERS_IMPLEMENTATION
#include "../common/answers.h"

#include "lwip/apps/fs.h"
#include "lwip/apps/httpd.h"
#include "lwip/def.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"

#include <string.h>

#if !LWIP_HTTPD_CUSTOM_FILES || !LWIP_HTTPD_DYNAMIC_FILE_READ || LWIP_HTTPD_DYNAMIC_HEADERS || \
    !LWIP_HTTPD_SUPPORT_POST || LWIP_HTTPD_SUPPORT_V09 || LWIP_HTTPD_FS_ASYNC_READ
#error "customhdr_lwip.c needs LWIP_HTTPD_CUSTOM_FILES 1, LWIP_HTTPD_DYNAMIC_FILE_READ 1, \
LWIP_HTTPD_DYNAMIC_HEADERS 0, LWIP_HTTPD_SUPPORT_POST 1, LWIP_HTTPD_SUPPORT_V09 0, \
LWIP_HTTPD_FS_ASYNC_READ 0 (see customhdr_lwip.h)"
#endif

/* The functions lwIP's fs.c and httpd.c call; fs.c declares the fs ones only privately. */
int fs_open_custom(struct fs_file *file, const char *name);
int fs_read_custom(struct fs_file *file, char *buffer, int count);
void fs_close_custom(struct fs_file *file);

#define NAME_API " chdr api"
#define NAME_401 " chdr 401"
#define NAME_413 " chdr 413"
#define NAME_503 " chdr 503"
#define NAME_403 " chdr 403"
#define REALM "customhdr"

/* One response in flight: its head, copied when httpd opens it so that a table change in the
   middle of sending cannot tear it, and its body, read in place or, for the API's answer,
   written by chdr_write into each piece httpd asks for. */
struct chdr_lwip_file {
    u8_t used;
    u8_t owns_post; /* the body is the POST's answer; the POST buffer is free again on close */
    size_t head_len;
    const char *body;
    const chdr_call *call; /* the API's answer, when not NULL (body is then unused) */
    size_t body_len;
    char head[CHDR_LWIP_HEAD_MAX];
};

/* The one API request being received or answered; conn is NULL when there is none. */
struct chdr_lwip_post {
    void *conn;
    u8_t answered; /* chdr_run has run; only fs_close of the answer frees the buffer */
    u8_t opened;   /* " chdr api" has been opened: it is opened once */
    u8_t discovery; /* the request is for API Discovery, not the API */
    u32_t last;    /* sys_now() of the last byte received */
    size_t expected, received, len;
    size_t out_len;
    char req[CHDR_REQUEST_MAX + 1]; /* one byte over: an over-long body stays over-long */
    chdr_call call;                 /* the API's answer, written piece by piece when sent */
    char discovery_out[CHDR_CONTEXT_MAX + 512]; /* API Discovery's answer */
};

static chdr_table *table;
static const chdr_lwip_page *pages;
static size_t n_pages;
static const char *credentials;
static struct chdr_lwip_file files[CHDR_LWIP_FILES];
static struct chdr_lwip_post post;
static char too_large[ANSWER_TOO_LARGE_MAX]; /* the library's 1100, made once by init */
static size_t too_large_len;

void chdr_lwip_init(chdr_table *t, const chdr_lwip_page *page_list, size_t n,
                    const char *basic_credentials)
{
    table = t;
    pages = page_list;
    n_pages = n;
    credentials = basic_credentials;
    memset(files, 0, sizeof files);
    post.conn = NULL;
    post.answered = 0;
    post.opened = 0;
    too_large_len = answer_too_large(t, too_large, sizeof too_large);
}

/* ---- composing a head ---- */

struct head {
    char *buf;
    size_t len, cap;
    int overflow;
};

static void put(struct head *h, const char *s, size_t n)
{
    if (h->overflow || n > h->cap - h->len) {
        h->overflow = 1;
        return;
    }
    memcpy(h->buf + h->len, s, n);
    h->len += n;
}

static void put_str(struct head *h, const char *s)
{
    put(h, s, strlen(s));
}

static void put_size(struct head *h, size_t v)
{
    char digits[24];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put(h, digits + i, sizeof digits - i);
}

struct own_header {
    const char *name;
    const char *value;
};

/* A server header yields to a custom header of the same name, so none is ever sent twice. */
static void put_own(struct head *h, const struct own_header *own, size_t n_own)
{
    size_t i;
    for (i = 0; i < n_own; i++) {
        if (own[i].name == NULL || chdr_find(table, own[i].name, strlen(own[i].name), NULL, NULL))
            continue;
        put_str(h, own[i].name);
        put(h, ": ", 2);
        put_str(h, own[i].value);
        put(h, "\r\n", 2);
    }
}

static const struct own_header own_api[] = {{"Cache-Control", "no-store"}};
#if CHDR_LWIP_BASIC
static const struct own_header own_401[] = {{"WWW-Authenticate", "Basic realm=\"" REALM "\""},
                                            {"Cache-Control", "no-store"}};
#endif
static const struct own_header own_405[] = {{"Allow", "POST"}};
static const struct own_header own_503[] = {{"Retry-After", "1"}};

#define TEXT_TYPE "text/plain; charset=utf-8"
#define BODY(s) s, sizeof s - 1

/* ---- fs_*_custom: every response passes through here ---- */

static struct chdr_lwip_file *file_slot(void)
{
    size_t i;
    for (i = 0; i < CHDR_LWIP_FILES; i++)
        if (!files[i].used)
            return &files[i];
    return NULL;
}

static int open_response(struct fs_file *file, const char *name, unsigned status,
                         const char *reason, const char *type, const char *body, size_t body_len,
                         const struct own_header *own, size_t n_own)
{
    struct chdr_lwip_file *f = file_slot();
    struct head h;
    const char *block;
    size_t block_len;

    if (f == NULL) {
        LWIP_DEBUGF(HTTPD_DEBUG, ("customhdr: no free response slot\n"));
        return 0;
    }
    h.buf = f->head;
    h.len = 0;
    h.cap = sizeof f->head;
    h.overflow = 0;
    put_str(&h, "HTTP/1.0 ");
    put_size(&h, status);
    put(&h, " ", 1);
    put_str(&h, reason);
    put_str(&h, "\r\nContent-Type: ");
    put_str(&h, type);
    put_str(&h, "\r\nContent-Length: ");
    put_size(&h, body_len);
    put(&h, "\r\n", 2);
    put_own(&h, own, n_own);
    block = chdr_block(table, &block_len);
    put(&h, block, block_len);
    put(&h, "\r\n", 2);
    if (h.overflow) {
        LWIP_DEBUGF(HTTPD_DEBUG, ("customhdr: head of %s over CHDR_LWIP_HEAD_MAX\n", name));
        return 0;
    }
    if (body_len > (size_t)0x7fffffff - h.len)
        return 0; /* fs_file.len is an int */

    f->used = 1;
    f->owns_post = 0;
    f->head_len = h.len;
    f->body = body;
    f->call = NULL;
    f->body_len = body_len;
    file->data = NULL; /* read on demand through fs_read_custom */
    file->len = (int)(h.len + body_len);
    file->index = 0;
    file->pextension = f;
    file->flags = FS_FILE_FLAGS_HEADER_INCLUDED;
#if HTTPD_PRECALCULATED_CHECKSUM
    file->chksum = NULL;
    file->chksum_count = 0;
#endif
#if LWIP_HTTPD_FILE_STATE
    file->state = fs_state_init(file, name);
#else
    LWIP_UNUSED_ARG(name);
#endif
    return 1;
}

int fs_open_custom(struct fs_file *file, const char *name)
{
    size_t i;

    if (table == NULL)
        return 0;
    if (strcmp(name, NAME_API) == 0) {
        int ok;
        if (post.conn == NULL || !post.answered || post.opened)
            return 0;
        post.opened = 1;
        ok = open_response(file, name, 200, "OK", "application/json", post.discovery_out,
                           post.out_len, own_api, LWIP_ARRAYSIZE(own_api));
        if (ok) {
            struct chdr_lwip_file *f = (struct chdr_lwip_file *)file->pextension;
            f->owns_post = 1;
            if (!post.discovery)
                f->call = &post.call;
        } else
            post.conn = NULL; /* nothing will be sent; free the POST buffer now */
        return ok;
    }
    if (strcmp(name, NAME_401) == 0) {
#if !CHDR_LWIP_BASIC
        /* the firmware's own challenge, taken when the answer is opened (NULL: none) */
        struct own_header own_401[2];
        own_401[0].value = chdr_lwip_challenge();
        own_401[0].name = own_401[0].value != NULL ? "WWW-Authenticate" : NULL;
        own_401[1].name = "Cache-Control";
        own_401[1].value = "no-store";
#endif
        return open_response(file, name, 401, "Unauthorized", "application/json",
                             BODY(ANSWER_401), own_401, LWIP_ARRAYSIZE(own_401));
    }
    if (strcmp(name, NAME_413) == 0)
        return open_response(file, name, 413, "Content Too Large", "application/json", too_large,
                             too_large_len, own_api, LWIP_ARRAYSIZE(own_api));
    if (strcmp(name, NAME_403) == 0)
        return open_response(file, name, 403, "Forbidden", "application/json",
                             BODY(CSRF_REFUSAL_CONST), own_api, LWIP_ARRAYSIZE(own_api));
    if (strcmp(name, NAME_503) == 0)
        return open_response(file, name, 503, "Service Unavailable", "application/json",
                             BODY(ANSWER_503), own_503, LWIP_ARRAYSIZE(own_503));
    /* A GET (the only other method httpd lets through) on the API paths. */
    if (strcmp(name, CHDR_LWIP_API_URI) == 0 || strcmp(name, CHDR_LWIP_DISCOVERY_URI) == 0)
        return open_response(file, name, 405, "Method Not Allowed", "application/json",
                             BODY(ANSWER_405), own_405, LWIP_ARRAYSIZE(own_405));
    /* The error pages httpd itself looks for. */
    if (strcmp(name, "/404.html") == 0)
        return open_response(file, name, 404, "Not Found", TEXT_TYPE, BODY("Not Found\n"), NULL,
                             0);
    if (strcmp(name, "/400.html") == 0)
        return open_response(file, name, 400, "Bad Request", TEXT_TYPE, BODY("Bad Request\n"),
                             NULL, 0);
    if (strcmp(name, "/501.html") == 0)
        return open_response(file, name, 501, "Not Implemented", TEXT_TYPE,
                             BODY("Not Implemented\n"), NULL, 0);
    for (i = 0; i < n_pages; i++)
        if (strcmp(name, pages[i].uri) == 0)
            return open_response(file, name, 200, "OK", pages[i].type, pages[i].body,
                                 pages[i].len, NULL, 0);
    return 0;
}

int fs_read_custom(struct fs_file *file, char *buffer, int count)
{
    struct chdr_lwip_file *f = (struct chdr_lwip_file *)file->pextension;
    size_t pos = (size_t)file->index, end = (size_t)file->len, done = 0, want, n;

    if (f == NULL || count <= 0 || pos >= end)
        return FS_READ_EOF;
    want = (size_t)count < end - pos ? (size_t)count : end - pos;
    if (pos < f->head_len) {
        n = f->head_len - pos < want ? f->head_len - pos : want;
        memcpy(buffer, f->head + pos, n);
        done = n;
        pos += n;
    }
    if (done < want && f->call != NULL) {
        /* the API's answer, as much of it as httpd has room for; a table changed by the
           firmware after the request ran (chdr_write refuses a stale answer) ends it early */
        if (chdr_write(f->call, pos - f->head_len, buffer + done, want - done, &n) != CHDR_OK)
            n = 0;
        done += n;
        if (done == 0)
            return FS_READ_EOF;
    } else if (done < want) {
        n = want - done;
        memcpy(buffer + done, f->body + (pos - f->head_len), n);
        done += n;
    }
    file->index += (int)done;
    return (int)done;
}

void fs_close_custom(struct fs_file *file)
{
    struct chdr_lwip_file *f = (struct chdr_lwip_file *)file->pextension;
    if (f == NULL)
        return;
    if (f->owns_post)
        post.conn = NULL;
    f->used = 0;
    f->owns_post = 0;
    file->pextension = NULL;
}

/* ---- httpd_post_*: the API request ---- */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int starts_nocase(const char *s, size_t n, const char *prefix)
{
    size_t i;
    for (i = 0; prefix[i] != '\0'; i++)
        if (i >= n || lower((unsigned char)s[i]) != prefix[i])
            return 0;
    return 1;
}

#if !CHDR_LWIP_BASIC
/* Basic compiled out: the firmware's own check decides */
static int authorized(const char *hdr, size_t len)
{
    LWIP_UNUSED_ARG(credentials);
    return chdr_lwip_authorize(hdr, len) != 0;
}
#else
/* RFC 9110: field names and the auth scheme are case-insensitive; the token is compared in
   time independent of where it differs. */
static int authorized(const char *hdr, size_t len)
{
    size_t i = 0, want = credentials != NULL ? strlen(credentials) : 0;

    if (want == 0)
        return 0;
    while (i < len && hdr[i] != '\0') {
        size_t line = i, end = i, tok, k;
        unsigned diff;
        while (end < len && hdr[end] != '\0' && hdr[end] != '\r' && hdr[end] != '\n')
            end++;
        i = end;
        while (i < len && (hdr[i] == '\r' || hdr[i] == '\n'))
            i++;
        if (!starts_nocase(hdr + line, end - line, "authorization:"))
            continue;
        tok = line + sizeof "authorization:" - 1;
        while (tok < end && (hdr[tok] == ' ' || hdr[tok] == '\t'))
            tok++;
        if (!starts_nocase(hdr + tok, end - tok, "basic") || tok + 5 >= end ||
            (hdr[tok + 5] != ' ' && hdr[tok + 5] != '\t'))
            return 0;
        tok += 5;
        while (tok < end && (hdr[tok] == ' ' || hdr[tok] == '\t'))
            tok++;
        while (end > tok && (hdr[end - 1] == ' ' || hdr[end - 1] == '\t'))
            end--;
        if (tok == end)
            return 0;
        diff = (unsigned)((end - tok) ^ want);
        for (k = 0; k < want; k++)
            diff |= (unsigned)(unsigned char)credentials[k] ^
                    (unsigned)(unsigned char)hdr[tok + (tok + k < end ? k : 0)];
        return diff == 0;
    }
    return 0;
}
#endif /* CHDR_LWIP_BASIC */

/* The value of the first field called name (lowercase, with its colon) in the request head, or
   NULL. */
static const char *field(const char *hdr, size_t len, const char *name, size_t *vlen)
{
    size_t i = 0;
    while (i < len && hdr[i] != '\0') {
        size_t line = i, end = i, v;
        while (end < len && hdr[end] != '\0' && hdr[end] != '\r' && hdr[end] != '\n')
            end++;
        i = end;
        while (i < len && (hdr[i] == '\r' || hdr[i] == '\n'))
            i++;
        if (!starts_nocase(hdr + line, end - line, name))
            continue;
        v = line + strlen(name);
        *vlen = end - v;
        return hdr + v;
    }
    return NULL;
}

/* The cross-site decision (csrf.h) on the request head. */
static int cross_site(const char *hdr, size_t len)
{
    size_t olen = 0, slen = 0, hlen = 0;
    const char *origin = field(hdr, len, "origin:", &olen);
    const char *site = field(hdr, len, "sec-fetch-site:", &slen);
    const char *host = field(hdr, len, "host:", &hlen);
    return csrf_check(table, "http", origin, olen, site, slen, host, hlen) != CSRF_ALLOW;
}

static void set_uri(char *uri, u16_t cap, const char *name)
{
    size_t n = strlen(name);
    if (cap == 0)
        return;
    if (n >= cap)
        n = (size_t)cap - 1;
    memcpy(uri, name, n);
    uri[n] = '\0';
}

err_t httpd_post_begin(void *connection, const char *uri, const char *http_request,
                       u16_t http_request_len, int content_len, char *response_uri,
                       u16_t response_uri_len, u8_t *post_auto_wnd)
{
    LWIP_UNUSED_ARG(post_auto_wnd);
    if (table == NULL ||
        (strcmp(uri, CHDR_LWIP_API_URI) != 0 && strcmp(uri, CHDR_LWIP_DISCOVERY_URI) != 0)) {
        set_uri(response_uri, response_uri_len, "/404.html");
        return ERR_ARG;
    }
    /* another site's page, refused before authentication: nothing is read or changed */
    if (cross_site(http_request, http_request_len)) {
        set_uri(response_uri, response_uri_len, NAME_403);
        return ERR_ARG;
    }
    if (!authorized(http_request, http_request_len)) {
        set_uri(response_uri, response_uri_len, NAME_401);
        return ERR_ARG;
    }
    /* refused from the head, before the body: it needs no POST buffer */
    if (content_len < 0 || (size_t)content_len > CHDR_REQUEST_MAX) {
        set_uri(response_uri, response_uri_len, NAME_413);
        return ERR_ARG;
    }
    /* httpd tells nobody when a connection dies by error (RST) in the middle of a body: its
       http_err frees the state without httpd_post_finished. A body silent for
       CHDR_LWIP_POST_IDLE_MS is taken to be such a one and its buffer reused. An answered
       request is never taken over: its answer is closed through fs_close on every path. */
    if (post.conn != NULL &&
        (post.answered || (u32_t)(sys_now() - post.last) < (u32_t)CHDR_LWIP_POST_IDLE_MS)) {
        set_uri(response_uri, response_uri_len, NAME_503);
        return ERR_ARG;
    }
    post.conn = connection;
    post.answered = 0;
    post.opened = 0;
    post.discovery = strcmp(uri, CHDR_LWIP_DISCOVERY_URI) == 0;
    post.last = sys_now();
    post.expected = (size_t)content_len;
    post.received = 0;
    post.len = 0;
    return ERR_OK;
}

err_t httpd_post_receive_data(void *connection, struct pbuf *p)
{
    struct pbuf *q;
    if (connection == post.conn) {
        /* More bytes than Content-Length declared: counted, not kept past the buffer, and
           chdr_run answers 1100 for them. */
        for (q = p; q != NULL; q = q->next) {
            size_t room = sizeof post.req - post.len;
            size_t n = q->len < room ? q->len : room;
            memcpy(post.req + post.len, q->payload, n);
            post.len += n;
            post.received += q->len;
        }
        post.last = sys_now();
    }
    pbuf_free(p);
    return connection == post.conn ? ERR_OK : ERR_ARG;
}

void httpd_post_finished(void *connection, char *response_uri, u16_t response_uri_len)
{
    if (connection != post.conn)
        return;
    /* httpd also calls this when the connection closes mid-body: no answer, free the buffer. */
    if (post.received < post.expected) {
        post.conn = NULL;
        return;
    }
    if (post.discovery) {
        static const apidisc_api apis[] = {APIDISC_CUSTOMHDR};
        static const char too_big[] = "{\"apiVersion\":\"1.0\",\"error\":{\"code\":1100,"
                                      "\"message\":\"internal error: response does not fit\"}}";
        post.out_len = apidisc_handle(apis, LWIP_ARRAYSIZE(apis), post.req, post.len,
                                      post.discovery_out, sizeof post.discovery_out);
        if (post.out_len > sizeof post.discovery_out) {
            memcpy(post.discovery_out, too_big, sizeof too_big - 1);
            post.out_len = sizeof too_big - 1;
        }
    } else {
        /* carried out now; the answer is written into httpd's buffers as it sends them */
        post.out_len = chdr_run(table, &post.call, post.req, post.len);
    }
    post.answered = 1;
    set_uri(response_uri, response_uri_len, NAME_API);
}
