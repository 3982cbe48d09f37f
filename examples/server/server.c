/* customhdr-server - the customhdr demo: a small HTTP/1.1 server as firmware would embed it

   One process, one thread, poll(), keep-alive, no dependency beyond libc. It answers the API at
   POST /axis-cgi/customhttpheader.cgi (the admin account by HTTP Digest, SHA-256 or MD5, with
   replay-checked nonces, digest.c; or by Basic for simple clients), serves an admin
   page at / (auth too) with its script and style at /admin.js and /admin.css and its factory
   reset at POST /admin/restore-defaults (auth, and refused cross-site), answers
   /favicon.ico with 204 (no icon, and no 404 in the browser's console), and appends the
   custom headers to every response it sends: 200, 204, 400, 401, 403, 404, 405, 408, 413, 414, 431,
   501, 505, OPTIONS included (the interim "100 Continue" carries no header lines at all). A
   header the server sends itself (Server, Cache-Control, X-Content-Type-Options, X-Frame-Options,
   Allow) is left out when the table has one of that name, so the custom value replaces it.
   Framing and auth headers (Date, Content-Type, Content-Length, Connection, WWW-Authenticate)
   are always the server's; the library forbids custom ones of the first four.

   It also answers Axis' API Discovery at POST /axis-cgi/apidiscovery.cgi (auth, listing this
   API; examples/common/apidiscovery.h). Both API paths refuse a browser request from another
   site's page with 403 and an API error before authentication (examples/common/csrf.h), unless
   the custom CORS headers grant that origin credentials. A HEAD request gets no body whatever
   its status.

   Changes apply to the very next response and persist in the state file (written atomically
   under an flock, shared with the CGI program's format).

   Environment:
     CUSTOMHDR_PORT      port (default 8080; 0 picks a free one)
     CUSTOMHDR_ADDR      IPv4 address to listen on (default 127.0.0.1: loopback only)
     CUSTOMHDR_STATE     state file (default build/customhdr.state)
     CUSTOMHDR_USER      admin user (default root)
     CUSTOMHDR_PASSWORD  admin password (default: random from /dev/urandom, printed at start-up)
     CUSTOMHDR_AUTH      "digest": offer and accept Digest only, never Basic (default "any":
                         Digest or Basic; Basic beyond loopback lets an active attacker downgrade
                         a login and read the password)
     CUSTOMHDR_TIMEOUT   seconds a client may idle, take over one request, or stall a response
     CUSTOMHDR_LOG       when set (to anything), one line per request on stderr: status,
                         method, target and how the client authenticated
                         (default 10)
   Prints "listening on http://ADDR:PORT/" once ready. SIGINT or SIGTERM stops it.

   Hostile clients: a head over HP_HEAD_MAX bytes or HP_MAX_HEADERS fields is 431, a body over
   CHDR_REQUEST_MAX is 413 (unread) with the API's error 1100, anything malformed 400; all three
   close the connection. On the API paths every refusal is JSON in the API's error shape
   (examples/common/answers.h): 401, 403, 405 and 413, and so on POST /admin/restore-defaults.
   A request must arrive whole within the timeout (else 408 and close), so a slow client holds
   one slot for a bounded time; with every slot taken, a new connection evicts the one that has
   been quiet longest. */
#define _POSIX_C_SOURCE 200809L
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "digest.h"
#include "http_parse.h"
#include "statefile.h"
#define APIDISCOVERY_IMPLEMENTATION
#include "apidiscovery.h"
#define CSRF_IMPLEMENTATION
#include "csrf.h"
#define ANSWERS_IMPLEMENTATION
#include "answers.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PROG "customhdr-server"
#define API_PATH "/axis-cgi/customhttpheader.cgi"
#define RESTORE_PATH "/admin/restore-defaults"
#define REALM "customhdr"
#define MAX_CONN 64

/* the admin page, generated from admin.html, admin.js and admin.css by embed.sh */
extern const char asset_admin_html[], asset_admin_js[], asset_admin_css[];
extern const size_t asset_admin_html_len, asset_admin_js_len, asset_admin_css_len;
#define ASSET_MAX 32768 /* embed.sh refuses larger files */

#define IN_CAP (HP_HEAD_MAX + CHDR_REQUEST_MAX)
/* status line and the server's own headers stay well under 1 KiB */
#define OUT_CAP (1024 + CHDR_BLOCK_MAX + (CHDR_RESPONSE_MAX > ASSET_MAX ? CHDR_RESPONSE_MAX : ASSET_MAX))

enum { C_FREE, C_READ, C_WRITE, C_LINGER };
enum { AUTH_NO = 0, AUTH_OK = 1, AUTH_STALE = 2 };

struct conn {
    int fd;
    int state;
    int close_after;       /* close once out is sent */
    int continue_sent;
    int eof;               /* the client has shut down its side */
    int head;              /* the request being answered is HEAD: no body, whatever the status */
    long long deadline;    /* ms: idle, request or write limit, whichever applies */
    long long last_active; /* ms: for eviction */
    size_t in_len, out_len, out_off;
    char in[IN_CAP];
    char out[OUT_CAP];
};

static struct conn conns[MAX_CONN];
static chdr_table table;
static char expected_auth[256]; /* "user:password" */
static const char *admin_user, *admin_password;
static digest_state digest;
static const char *state_path;
static uint32_t state_seq;
static long long timeout_ms = 10000;
static int log_requests;
static const char *auth_used; /* the scheme authorized() last accepted, for the log */
static int last_status;
static int digest_only; /* CUSTOMHDR_AUTH=digest: Basic is neither offered nor accepted */
static char too_large[ANSWER_TOO_LARGE_MAX]; /* the library's answer to a body over the limit */
static size_t too_large_len;
static volatile sig_atomic_t stopping;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

/* ---- responses ------------------------------------------------------------------------------ */

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

/* Appends to c->out; the sizes are bounded by OUT_CAP by construction, the check is a guard. */
static void put(struct conn *c, const char *s, size_t n)
{
    if (n > OUT_CAP - c->out_len) n = OUT_CAP - c->out_len;
    memcpy(c->out + c->out_len, s, n);
    c->out_len += n;
}

static void puts_(struct conn *c, const char *s) { put(c, s, strlen(s)); }

/* A header the custom table may replace. */
static void own(struct conn *c, const char *name, const char *value)
{
    if (chdr_find(&table, name, strlen(name), NULL, NULL)) return;
    puts_(c, name);
    puts_(c, ": ");
    puts_(c, value);
    puts_(c, "\r\n");
}

struct reply {
    int status;
    const char *type;  /* Content-Type, or NULL for no body */
    const char *body;
    size_t body_len;
    const chdr_call *call; /* or an API answer: body_len bytes written by chdr_write */
    const char *allow; /* Allow value (405, OPTIONS) or NULL */
    int challenge;     /* add WWW-Authenticate: 1, or AUTH_STALE for a Digest nonce to renew */
    int head_only;     /* HEAD: headers as for GET, no body */
    int close;
    const char *cache; /* Cache-Control value */
};

static void respond(struct conn *c, const struct reply *r)
{
    char line[128], date[64];
    size_t block_len;
    const char *block = chdr_block(&table, &block_len);
    time_t t = time(NULL);
    struct tm tm;

    /* drop what was already sent so a response never has to wrap */
    if (c->out_off) {
        memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
        c->out_len -= c->out_off;
        c->out_off = 0;
    }
    snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\n", r->status, reason(r->status));
    puts_(c, line);
    if (gmtime_r(&t, &tm) && strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm)) {
        puts_(c, "Date: ");
        puts_(c, date);
        puts_(c, "\r\n");
    }
    own(c, "Server", "customhdr-demo/" CHDR_VERSION);
    if (r->type) {
        puts_(c, "Content-Type: ");
        puts_(c, r->type);
        puts_(c, "\r\n");
    }
    if (r->status != 204) {
        snprintf(line, sizeof line, "Content-Length: %zu\r\n", r->body_len);
        puts_(c, line);
    }
    if (r->close) puts_(c, "Connection: close\r\n");
    own(c, "Cache-Control", r->cache ? r->cache : "no-store");
    own(c, "X-Content-Type-Options", "nosniff");
    if (r->allow) own(c, "Allow", r->allow);
    if (r->challenge) {
        /* strongest first (RFC 7616 section 3.7): Digest SHA-256, Digest MD5, Basic */
        char v[256];
        time_t now = time(NULL);
        if (digest_challenge(&digest, DIGEST_SHA256, REALM, r->challenge == AUTH_STALE, now, v,
                             sizeof v)) {
            puts_(c, "WWW-Authenticate: ");
            puts_(c, v);
            puts_(c, "\r\n");
        }
        if (digest_challenge(&digest, DIGEST_MD5, REALM, r->challenge == AUTH_STALE, now, v,
                             sizeof v)) {
            puts_(c, "WWW-Authenticate: ");
            puts_(c, v);
            puts_(c, "\r\n");
        }
        if (!digest_only)
            puts_(c, "WWW-Authenticate: Basic realm=\"" REALM "\", charset=\"UTF-8\"\r\n");
    }
    put(c, block, block_len);
    puts_(c, "\r\n");
    /* HEAD: the head GET would get, whatever the status, and never a body (RFC 9110 9.3.2);
       a body here would be read as the start of the next response on the connection */
    if (!r->head_only && !c->head && r->call) {
        /* the API's answer through a 256-byte window, as a small device sends it: the library
           writes any part of it on demand, no response-sized buffer needed */
        char window[256];
        size_t off = 0, n = 0;
        while (off < r->body_len && chdr_write(r->call, off, window, sizeof window, &n) == CHDR_OK &&
               n > 0) {
            put(c, window, n);
            off += n;
        }
    } else if (!r->head_only && !c->head && r->body) {
        put(c, r->body, r->body_len);
    }
    c->close_after = r->close;
    last_status = r->status;
    c->state = C_WRITE;
    c->deadline = now_ms() + timeout_ms;
}

static void respond_error(struct conn *c, int status, int close)
{
    char text[80];
    struct reply r = {0};
    int n = snprintf(text, sizeof text, "%d %s\n", status, reason(status));
    r.status = status;
    r.type = "text/plain; charset=utf-8";
    r.body = text;
    r.body_len = n > 0 ? (size_t)n : 0;
    r.close = close;
    respond(c, &r);
}

/* ---- auth ----------------------------------------------------------------------------------- */

static int b64_value(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

/* Decodes padded base64; -1 on bad input or overflow. */
static long b64_decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t i, o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (i = 0; i < n; i++) {
        int v;
        if (s[i] == '=') break;
        if ((v = b64_value((unsigned char)s[i])) < 0) return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o == cap) return -1;
            out[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    for (; i < n; i++)
        if (s[i] != '=') return -1;
    return (long)o;
}

/* Digest (RFC 7616) or Basic (RFC 7617) credentials of the admin account. Basic is compared in
   time that does not depend on where the strings differ. */
static int authorized(const hp_request *req)
{
    const hp_header *h = hp_find(req, "authorization");
    char got[256] = {0};
    size_t want = strlen(expected_auth), i;
    unsigned diff;
    long n;
    if (h && h->value_len > 7 && strncasecmp(h->value, "Digest ", 7) == 0) {
        int rc = digest_check(&digest, h->value + 7, h->value_len - 7, req->method,
                              req->method_len, req->target, req->target_len, REALM, admin_user,
                              admin_password, time(NULL));
        if (rc == DIGEST_OK) {
            /* a label for the log only: "SHA-256" anywhere in the field */
            auth_used = "digest-md5";
            for (i = 7; i + 7 <= h->value_len; i++)
                if (memcmp(h->value + i, "SHA-256", 7) == 0) auth_used = "digest-sha256";
        }
        return rc == DIGEST_OK ? AUTH_OK : rc == DIGEST_STALE ? AUTH_STALE : AUTH_NO;
    }
    if (digest_only || !h || h->value_len < 6 || strncasecmp(h->value, "Basic ", 6) != 0)
        return 0;
    n = b64_decode(h->value + 6, h->value_len - 6, got, sizeof got);
    if (n < 0) return 0;
    diff = (unsigned)((size_t)n ^ want);
    for (i = 0; i < want; i++) diff |= (unsigned char)(got[i % (n ? (size_t)n : 1)] ^ expected_auth[i]);
    if (diff == 0 && n > 0) auth_used = "basic";
    return diff == 0 && n > 0;
}

/* ---- routes --------------------------------------------------------------------------------- */

static int is(const hp_request *req, const char *method)
{
    return req->method_len == strlen(method) && memcmp(req->method, method, req->method_len) == 0;
}

/* Runs an API request on the table and answers it. When the table changed since *before, the
   change is saved first; one that cannot be saved is undone (back to *before) and answered with
   error 1100, not acknowledged. */
static void run_and_answer(struct conn *c, const chdr_table *before, const char *body, size_t len,
                           int close)
{
    static chdr_call call;
    static char failed[512]; /* the answer's head (apiVersion, context, method) and error 1100 */
    struct reply r = {0};
    size_t n = chdr_run(&table, &call, body, len);
    int lock;

    r.call = &call;
    if (chdr_changes(&table) != chdr_changes(before)) {
        lock = statefile_lock(state_path, PROG);
        if (lock < 0 || statefile_save(&table, state_path, state_seq + 1, PROG) != 0) {
            size_t head = 0;
            /* read the answer's head before the undo, which makes the call state stale */
            chdr_write(&call, 0, failed, sizeof failed, &head);
            table = *before;
            n = statefile_fail_response(failed, head, sizeof failed);
            r.call = NULL;
            r.body = failed;
        } else {
            state_seq++;
        }
        statefile_unlock(lock);
    }
    if (n == 0 || n > CHDR_RESPONSE_MAX) {
        respond_error(c, 500, close);
        return;
    }
    r.status = 200;
    r.type = "application/json";
    r.body_len = n;
    r.close = close;
    respond(c, &r);
}

static void api(struct conn *c, const char *body, size_t len, int close)
{
    static chdr_table before;
    before = table;
    run_and_answer(c, &before, body, len, close);
}

/* The admin page's factory reset: the AXIS defaults replace the whole table, saved like an API
   change (undone, with error 1100, when the save fails). The answer is the API's list answer for
   the table that results. */
static void restore_defaults(struct conn *c, int close)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    static const char list[] = "{\"apiVersion\":\"1.1\",\"context\":\"restore-defaults\","
                               "\"method\":\"list\"}";
    static chdr_table before;

    before = table;
    if (chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK) {
        table = before;
        respond_error(c, 500, close);
        return;
    }
    run_and_answer(c, &before, list, sizeof list - 1, close);
}

/* A body declared application/json, which an HTML form cannot declare and fetch() cannot
   without a CORS preflight: what the reset takes besides passing the cross-site decision. */
static int json_body(const hp_request *req)
{
    const hp_header *type = hp_find(req, "content-type");
    return type && type->value_len >= 16 && strncasecmp(type->value, "application/json", 16) == 0 &&
           (type->value_len == 16 || type->value[16] == ';' || type->value[16] == ' ');
}

/* POST /axis-cgi/apidiscovery.cgi (auth): Axis' API Discovery, listing this API
   (examples/common/apidiscovery.h). */
static void discovery(struct conn *c, const char *body, size_t len, int close)
{
    static const apidisc_api apis[] = {APIDISC_CUSTOMHDR};
    static char out[APIDISC_RESPONSE_MAX];
    struct reply r = {0};
    size_t n = apidisc_handle(apis, sizeof apis / sizeof apis[0], body, len, out, sizeof out);
    if (n > sizeof out) {
        respond_error(c, 500, close);
        return;
    }
    r.status = 200;
    r.type = "application/json";
    r.body = out;
    r.body_len = n;
    r.close = close;
    respond(c, &r);
}

/* The cross-site decision for requests that change or read through the API (examples/common/
   csrf.h). Returns 1 when it refused the request: answered 403 with an API error, before any
   authentication, and nothing else done. */
static int refused_cross_site(struct conn *c, const hp_request *req, int close)
{
    static char msg[CSRF_REFUSAL_MAX];
    const hp_header *o = hp_find(req, "origin"), *s = hp_find(req, "sec-fetch-site");
    const hp_header *h = hp_find(req, "host");
    struct reply r = {0};
    int why = csrf_check(&table, "http", o ? o->value : NULL, o ? o->value_len : 0,
                         s ? s->value : NULL, s ? s->value_len : 0, h ? h->value : NULL,
                         h ? h->value_len : 0);
    if (why == CSRF_ALLOW) return 0;
    r.status = 403;
    r.type = "application/json";
    r.body = msg;
    r.body_len = csrf_refusal(why, o ? o->value : NULL, o ? o->value_len : 0, msg, sizeof msg);
    r.close = close;
    respond(c, &r);
    return 1;
}

static void route(struct conn *c, const hp_request *req, const char *body, size_t body_len)
{
    struct reply r = {0};
    const char *path = req->target;
    size_t plen = req->target_len, q;
    int get = is(req, "GET"), head = is(req, "HEAD"), options = is(req, "OPTIONS");
    int close = !req->keep_alive;
    const char *asset = NULL, *type = NULL;
    size_t asset_len = 0;
    int needs_auth = 0, auth;

    /* absolute-form ("http://host/path") routes by its path */
    if (plen > 7 && strncasecmp(path, "http://", 7) == 0) {
        const char *slash = memchr(path + 7, '/', plen - 7);
        plen = slash ? plen - (size_t)(slash - path) : 1;
        path = slash ? slash : "/";
    }
    for (q = 0; q < plen && path[q] != '?'; q++) {}
    plen = q;
#define PATH_IS(s) (plen == sizeof(s) - 1 && memcmp(path, s, plen) == 0)

    r.close = close;
    if (options && req->target_len == 1 && req->target[0] == '*') {
        r.status = 204;
        r.allow = "GET, HEAD, POST, OPTIONS";
        respond(c, &r);
        return;
    }
    if (PATH_IS(API_PATH) || PATH_IS(APIDISC_PATH)) {
        r.allow = "POST, OPTIONS";
        if (options) { /* CORS preflights carry no credentials, so no auth here */
            r.status = 204;
            respond(c, &r);
        } else if (!is(req, "POST")) {
            r.status = 405;
            r.type = "application/json";
            r.body = ANSWER_405;
            r.body_len = sizeof ANSWER_405 - 1;
            respond(c, &r);
        } else if (refused_cross_site(c, req, close)) {
            /* answered: another site's page, before authentication */
        } else if ((auth = authorized(req)) != AUTH_OK) {
            r.status = 401;
            r.challenge = auth == AUTH_STALE ? AUTH_STALE : 1;
            r.type = "application/json";
            r.body = ANSWER_401;
            r.body_len = sizeof ANSWER_401 - 1;
            respond(c, &r);
        } else if (PATH_IS(API_PATH)) {
            api(c, body, body_len, close);
        } else {
            discovery(c, body, body_len, close);
        }
        return;
    }
    if (PATH_IS(RESTORE_PATH)) {
        /* a demo extra beside the API, answered in the API's words */
        r.allow = "POST";
        r.type = "application/json";
        if (!is(req, "POST")) {
            r.status = 405;
            r.body = ANSWER_405;
        } else if (!json_body(req)) {
            r.status = 403;
            r.body = ANSWER_ERROR(2104, "Content-Type: cross-site request refused: the reset "
                                        "takes application/json, which no form on another "
                                        "site's page can send");
        } else if (refused_cross_site(c, req, close)) {
            return;
        } else if ((auth = authorized(req)) != AUTH_OK) {
            r.status = 401;
            r.challenge = auth == AUTH_STALE ? AUTH_STALE : 1;
            r.body = ANSWER_401;
        } else {
            restore_defaults(c, close);
            return;
        }
        r.body_len = strlen(r.body);
        respond(c, &r);
        return;
    }
    if (PATH_IS("/") || PATH_IS("/index.html")) {
        asset = asset_admin_html, asset_len = asset_admin_html_len;
        type = "text/html; charset=utf-8";
        needs_auth = 1;
    } else if (PATH_IS("/admin.js")) {
        asset = asset_admin_js, asset_len = asset_admin_js_len;
        type = "text/javascript; charset=utf-8";
    } else if (PATH_IS("/admin.css")) {
        asset = asset_admin_css, asset_len = asset_admin_css_len;
        type = "text/css; charset=utf-8";
    } else if (PATH_IS("/favicon.ico") && (get || head)) {
        r.status = 204; /* no icon; the custom headers, as on every response */
        respond(c, &r);
        return;
    }
#undef PATH_IS
    if (!asset) {
        respond_error(c, 404, close);
        return;
    }
    r.allow = "GET, HEAD, OPTIONS";
    if (options) {
        r.status = 204;
        respond(c, &r);
    } else if (!get && !head) {
        r.status = 405;
        r.type = "text/plain; charset=utf-8";
        r.body = "405 Method Not Allowed\n";
        r.body_len = strlen(r.body);
        r.head_only = 0;
        respond(c, &r);
    } else if (needs_auth && (auth = authorized(req)) != AUTH_OK) {
        r.status = 401;
        r.challenge = auth == AUTH_STALE ? AUTH_STALE : 1;
        r.type = "text/plain; charset=utf-8";
        r.body = "401 Unauthorized: log in as the admin account\n";
        r.body_len = strlen(r.body);
        r.head_only = head;
        respond(c, &r);
    } else {
        r.allow = NULL;
        r.status = 200;
        r.type = type;
        r.body = asset;
        r.body_len = asset_len;
        r.head_only = head;
        r.cache = "no-cache";
        respond(c, &r);
    }
}

/* ---- connections ---------------------------------------------------------------------------- */

static void conn_close(struct conn *c)
{
    close(c->fd);
    c->fd = -1;
    c->state = C_FREE;
}

static void start_request(struct conn *c)
{
    c->state = C_READ;
    c->continue_sent = 0;
    /* an idle keep-alive connection and a request under way share one limit */
    c->deadline = now_ms() + timeout_ms;
}

/* A request, even one that does not parse, whose method is HEAD (after the empty lines RFC 9112
   section 2.2 lets a client send first): its answer has no body either. */
static int starts_head(const char *in, size_t len)
{
    size_t i = 0;
    while (i + 1 < len && in[i] == '\r' && in[i + 1] == '\n') i += 2;
    return len - i >= 5 && memcmp(in + i, "HEAD ", 5) == 0;
}

/* Handles what is in c->in: at most one request, since its response must go out before the
   next one is read (that keeps pipelined responses in order and out bounded). */
static void process(struct conn *c)
{
    static hp_request req;
    int head = hp_parse(c->in, c->in_len, &req);
    size_t total;

    if (head == HP_NEED_MORE) return;
    c->head = head > 0 ? is(&req, "HEAD") : starts_head(c->in, c->in_len);
    if (head < 0) {
        int status = head == HP_TOO_LARGE ? 431 : head == HP_URI_TOO_LONG ? 414
                   : head == HP_VERSION ? 505 : head == HP_UNSUPPORTED ? 501 : 400;
        respond_error(c, status, 1);
        return;
    }
    if (req.content_length > CHDR_REQUEST_MAX) {
        /* whatever the path: CHDR_REQUEST_MAX is the limit of every body this server takes */
        struct reply r = {0};
        r.status = 413;
        r.type = "application/json";
        r.body = too_large;
        r.body_len = too_large_len;
        r.close = 1;
        respond(c, &r);
        return;
    }
    total = (size_t)head + req.content_length;
    if (c->in_len < total) {
        if (req.expect_continue && !c->continue_sent) {
            c->continue_sent = 1;
            puts_(c, "HTTP/1.1 100 Continue\r\n\r\n");
        }
        return;
    }
    auth_used = "none";
    route(c, &req, c->in + head, req.content_length);
    if (log_requests)
        fprintf(stderr, "%d %.*s %.*s auth=%s\n", last_status, (int)req.method_len, req.method,
                (int)req.target_len, req.target, auth_used);
    memmove(c->in, c->in + total, c->in_len - total);
    c->in_len -= total;
}

static void on_readable(struct conn *c)
{
    for (;;) {
        ssize_t n;
        if (c->in_len == IN_CAP) break;
        n = recv(c->fd, c->in + c->in_len, IN_CAP - c->in_len, 0);
        if (n > 0) {
            c->in_len += (size_t)n;
            c->last_active = now_ms();
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n < 0) {
            conn_close(c);
            return;
        }
        c->eof = 1; /* half-closed: what came before the end still gets its answer */
        break;
    }
    process(c);
    if (c->eof) {
        if (c->state == C_WRITE) c->close_after = 1;
        else if (c->out_off == c->out_len) conn_close(c); /* nothing complete to answer */
    }
}

static void on_writable(struct conn *c)
{
    while (c->out_off < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
        if (n > 0) {
            c->out_off += (size_t)n;
            c->last_active = now_ms();
            c->deadline = c->last_active + timeout_ms;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        conn_close(c);
        return;
    }
    c->out_off = c->out_len = 0;
    if (c->state != C_WRITE) return; /* only a 100 Continue went out */
    if (c->close_after) {
        /* lingering close: the client may still be sending; closing with unread bytes would
           reset the connection and could destroy the response before it is read */
        shutdown(c->fd, SHUT_WR);
        c->state = C_LINGER;
        c->in_len = 0;
        c->deadline = now_ms() + 2000;
        return;
    }
    start_request(c);
    if (c->in_len) process(c); /* a pipelined request is already here */
}

static void drain(struct conn *c)
{
    char sink[4096];
    for (;;) {
        ssize_t n = recv(c->fd, sink, sizeof sink, 0);
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        conn_close(c);
        return;
    }
}

static void on_timeout(struct conn *c)
{
    if (c->state == C_READ && c->in_len > 0) {
        c->head = starts_head(c->in, c->in_len);
        respond_error(c, 408, 1); /* a request started and did not finish in time */
        on_writable(c);
    } else {
        conn_close(c); /* idle keep-alive, a stalled reader, or the end of a linger */
    }
}

/* Returns -1 when there is nobody left to accept. */
static int accept_one(int lfd)
{
    struct conn *slot = NULL, *oldest = NULL;
    int fd = accept(lfd, NULL, NULL), i;
    if (fd < 0) return errno == EINTR || errno == ECONNABORTED ? 0 : -1;
    for (i = 0; i < MAX_CONN; i++) {
        if (conns[i].state == C_FREE) {
            slot = &conns[i];
            break;
        }
        if (!oldest || conns[i].last_active < oldest->last_active) oldest = &conns[i];
    }
    if (!slot) {
        /* every slot taken: the quietest connection makes room, so a crowd of slow clients
           cannot lock the administrator out for longer than it takes to connect */
        conn_close(oldest);
        slot = oldest;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
        close(fd);
        return 0;
    }
    slot->fd = fd;
    slot->in_len = slot->out_len = slot->out_off = 0;
    slot->close_after = slot->eof = 0;
    slot->last_active = now_ms();
    start_request(slot);
    return 0;
}

/* ---- start-up ------------------------------------------------------------------------------- */

static int random_password(char *out, size_t n)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t i = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    while (i < n) {
        unsigned char b;
        if (read(fd, &b, 1) != 1) {
            close(fd);
            return -1;
        }
        if (b < 248) out[i++] = alphabet[b % 62]; /* 248 = 4 * 62: no bias */
    }
    out[n] = '\0';
    close(fd);
    return 0;
}

static int listen_on(const char *addr, int port, int *bound)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0) return -1;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
        fprintf(stderr, "%s: CUSTOMHDR_ADDR %s is not an IPv4 address\n", PROG, addr);
        close(fd);
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        fprintf(stderr, "%s: cannot listen on %s:%d: %s\n", PROG, addr, port, strerror(errno));
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    *bound = ntohs(sa.sin_port);
    return fd;
}

static const char *env(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

int main(void)
{
    static struct pollfd pfd[MAX_CONN + 1];
    static char password[17];
    const char *user = env("CUSTOMHDR_USER", "root"), *pass = getenv("CUSTOMHDR_PASSWORD");
    const char *addr = env("CUSTOMHDR_ADDR", "127.0.0.1");
    char *end;
    long port = strtol(env("CUSTOMHDR_PORT", "8080"), &end, 10);
    long secs = strtol(env("CUSTOMHDR_TIMEOUT", "10"), NULL, 10);
    int lfd, bound, lock, i, generated = 0;
    struct sigaction sa;

    if (*end || port < 0 || port > 65535) {
        fprintf(stderr, "%s: CUSTOMHDR_PORT must be a port number\n", PROG);
        return 2;
    }
    if (secs > 0 && secs < 86400) timeout_ms = secs * 1000;
    log_requests = getenv("CUSTOMHDR_LOG") != NULL;
    {
        const char *auth = env("CUSTOMHDR_AUTH", "any");
        if (strcmp(auth, "digest") == 0) {
            digest_only = 1;
        } else if (strcmp(auth, "any") != 0) {
            fprintf(stderr, "%s: CUSTOMHDR_AUTH must be digest (Digest only) or any (Digest or "
                            "Basic)\n", PROG);
            return 2;
        }
    }
    if (!pass || !*pass) {
        if (random_password(password, sizeof password - 1) != 0) {
            fprintf(stderr, "%s: cannot read /dev/urandom for a password\n", PROG);
            return 1;
        }
        pass = password;
        generated = 1;
    }
    if (strchr(user, ':') || (size_t)snprintf(expected_auth, sizeof expected_auth, "%s:%s", user,
                                              pass) >= sizeof expected_auth) {
        fprintf(stderr, "%s: CUSTOMHDR_USER must not hold ':' and user:password must be shorter "
                        "than %zu bytes\n", PROG, sizeof expected_auth);
        return 2;
    }

    admin_user = user;
    admin_password = pass;
    if (digest_init(&digest) != 0) {
        fprintf(stderr, "%s: cannot read /dev/urandom for Digest nonces\n", PROG);
        return 1;
    }
    state_path = env("CUSTOMHDR_STATE", "build/customhdr.state");
    if ((lock = statefile_lock(state_path, PROG)) < 0) return 1;
    statefile_load(&table, state_path, &state_seq, PROG);
    statefile_unlock(lock);
    too_large_len = answer_too_large(&table, too_large, sizeof too_large);

    if ((lfd = listen_on(addr, (int)port, &bound)) < 0) return 1;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    for (i = 0; i < MAX_CONN; i++) conns[i].fd = -1;

    printf("admin account: user %s, password %s%s\n", user, generated ? pass : "(from CUSTOMHDR_PASSWORD)",
           generated ? " (random; set CUSTOMHDR_PASSWORD to choose one)" : "");
    printf("state file: %s (%u headers)\n", state_path, (unsigned)chdr_count(&table));
    printf("auth: %s\n", digest_only ? "Digest only (CUSTOMHDR_AUTH=digest)"
                                      : "Digest or Basic (CUSTOMHDR_AUTH=digest turns Basic off)");
    printf("listening on http://%s:%d/\n", addr, bound);
    fflush(stdout);

    while (!stopping) {
        long long now;
        int n = 0, ready;
        pfd[n].fd = lfd;
        pfd[n++].events = POLLIN;
        for (i = 0; i < MAX_CONN; i++) {
            struct conn *c = &conns[i];
            short ev = 0;
            if (c->state == C_FREE) continue;
            if (c->out_off < c->out_len) ev |= POLLOUT;
            /* no reading while a response is pending: backpressure on pipelining clients */
            else if (c->state != C_WRITE && c->in_len < IN_CAP) ev |= POLLIN;
            if (c->state == C_LINGER) ev = POLLIN;
            pfd[n].fd = c->fd;
            pfd[n++].events = ev;
        }
        ready = poll(pfd, (nfds_t)n, 250);
        if (ready < 0 && errno != EINTR) {
            perror("poll");
            break;
        }
        n = 1;
        for (i = 0; ready > 0 && i < MAX_CONN; i++) {
            struct conn *c = &conns[i];
            short re;
            if (c->state == C_FREE) continue;
            re = pfd[n++].revents;
            if (re & (POLLERR | POLLNVAL)) {
                conn_close(c);
                continue;
            }
            if (c->state == C_LINGER) {
                if (re & (POLLIN | POLLHUP)) drain(c);
                continue;
            }
            if (re & POLLOUT) on_writable(c);
            if (c->state != C_FREE && (re & (POLLIN | POLLHUP)) && c->state == C_READ) {
                on_readable(c);
                if (c->state != C_FREE && c->out_off < c->out_len) on_writable(c);
            }
        }
        now = now_ms();
        for (i = 0; i < MAX_CONN; i++)
            if (conns[i].state != C_FREE && now >= conns[i].deadline) on_timeout(&conns[i]);
        /* accepted last: a new connection must not shift pfd's indices while they are read */
        if (ready > 0 && (pfd[0].revents & POLLIN))
            for (i = 0; i < 16 && accept_one(lfd) == 0; i++) {}
    }
    for (i = 0; i < MAX_CONN; i++)
        if (conns[i].state != C_FREE) conn_close(&conns[i]);
    close(lfd);
    printf("stopped\n");
    return 0;
}
