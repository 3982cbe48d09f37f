/* customhdr-civetweb - customhdr inside a civetweb server (Debian libcivetweb-dev, civetweb 1.15)

   Answers POST /axis-cgi/customhttpheader.cgi behind HTTP Digest auth and adds the custom
   headers to every response it builds: the API's 200, 401, 405, 413 and OPTIONS 204, a 404 for
   every other path, and every error civetweb reports through its http_error callback (its own
   400, 413, 431-style and 5xx answers to malformed requests). A header the server sends itself
   (Cache-Control, X-Frame-Options below) is left out when the table has one of that name.

   On the API paths every answer the example makes is JSON in the API's error shape
   (examples/common/answers.h): 401 2103, 403, 405, and 413 with the library's own error 1100.

   Digest is the demo server's (examples/server/digest.c: nonces bound to the challenge's
   algorithm, expiring, each nonce-count taken once), not civetweb's: civetweb's
   mg_send_digest_access_authentication_request sends a whole 401 of its own, with no body and no
   hook to add the custom headers, and only its nonces pass its check. The accounts stay in an
   htdigest file, read on every check so edits apply at once; it keeps HA1 = MD5(user:realm:
   password), which answers MD5 only, so the challenge offers algorithm=MD5 and nothing else.

   It also answers Axis' API Discovery at POST /axis-cgi/apidiscovery.cgi behind the same auth
   (examples/common/apidiscovery.h), and both API paths refuse a request another site's page
   made a browser send, with 403 and an API error before authentication (examples/common/csrf.h)
   unless the custom CORS headers grant that origin credentials.

   Environment: CUSTOMHDR_PORT (default 8080; 0 picks a free port), CUSTOMHDR_STATE (default
   build/customhdr-civetweb.state), CUSTOMHDR_HTDIGEST (required: lines
   "user:customhdr:MD5(user:customhdr:password)"). Listens on 127.0.0.1 only. Prints
   "listening on http://127.0.0.1:PORT/" once ready; SIGINT or SIGTERM stops it.

   Threads: civetweb runs handlers on several worker threads, so one mutex guards the table and
   the state file, another the Digest nonces; each response copies the header block under the
   first. */
#define _POSIX_C_SOURCE 200809L
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "statefile.h"
#define APIDISCOVERY_IMPLEMENTATION
#include "apidiscovery.h"
#define CSRF_IMPLEMENTATION
#include "csrf.h"
#define ANSWERS_IMPLEMENTATION
#include "answers.h"
#include "digest.h"

#include <civetweb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define PROG "customhdr-civetweb"
#define API_PATH "/axis-cgi/customhttpheader.cgi"
#define REALM "customhdr"
#define TARGET_MAX 1024 /* a longer request-target is not one of the API paths */

static chdr_table table;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *state_path, *htdigest_path;
static uint32_t state_seq;
static volatile sig_atomic_t stopping;
static const char apis_marker[] = "apidiscovery"; /* api_handler's data for API Discovery */
static char too_large[ANSWER_TOO_LARGE_MAX]; /* made once, before the workers start */
static size_t too_large_len;
static digest_state digest;
static pthread_mutex_t digest_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

/* Starts a response: status, the server's own overridable headers, the custom headers. The
   caller adds its own framing fields and sends. */
static void start(struct mg_connection *conn, int status, const char *cache)
{
    char block[CHDR_BLOCK_MAX + 1];
    size_t len;
    int own_cache, own_frame;

    pthread_mutex_lock(&table_lock);
    {
        const char *b = chdr_block(&table, &len);
        memcpy(block, b, len);
    }
    own_cache = !chdr_find(&table, "Cache-Control", 13, NULL, NULL);
    own_frame = !chdr_find(&table, "X-Frame-Options", 15, NULL, NULL);
    pthread_mutex_unlock(&table_lock);
    block[len] = '\0';

    mg_response_header_start(conn, status);
    if (own_cache) mg_response_header_add(conn, "Cache-Control", cache, -1);
    if (own_frame) mg_response_header_add(conn, "X-Frame-Options", "DENY", -1);
    if (len) mg_response_header_add_lines(conn, block);
}

static void send_text(struct mg_connection *conn, int status, const char *type, const char *extra_name,
                      const char *extra_value, const char *body, size_t len)
{
    char n[32];
    snprintf(n, sizeof n, "%zu", len);
    start(conn, status, "no-store");
    if (extra_name) mg_response_header_add(conn, extra_name, extra_value, -1);
    if (type) mg_response_header_add(conn, "Content-Type", type, -1);
    mg_response_header_add(conn, "Content-Length", n, -1);
    mg_response_header_send(conn);
    if (len) mg_write(conn, body, len);
}

/* Reads the whole body, up to CHDR_REQUEST_MAX bytes. -1 when longer (or of unknown length
   beyond the limit), else its length. */
static long read_body(struct mg_connection *conn, char *buf, size_t cap)
{
    size_t len = 0;
    for (;;) {
        int n = mg_read(conn, buf + len, cap - len);
        if (n <= 0) break;
        len += (size_t)n;
        if (len == cap) {
            char extra;
            if (mg_read(conn, &extra, 1) > 0) return -1;
            break;
        }
    }
    return (long)len;
}

/* The cross-site decision (csrf.h); 1 when it refused the request and answered it. */
static int refused_cross_site(struct mg_connection *conn, const struct mg_request_info *ri)
{
    const char *origin = mg_get_header(conn, "Origin");
    const char *site = mg_get_header(conn, "Sec-Fetch-Site"), *host = mg_get_header(conn, "Host");
    char msg[CSRF_REFUSAL_MAX];
    size_t n;
    int why;
    pthread_mutex_lock(&table_lock);
    why = csrf_check(&table, ri->is_ssl ? "https" : "http", origin, origin ? strlen(origin) : 0,
                     site, site ? strlen(site) : 0, host, host ? strlen(host) : 0);
    pthread_mutex_unlock(&table_lock);
    if (why == CSRF_ALLOW) return 0;
    n = csrf_refusal(why, origin, origin ? strlen(origin) : 0, msg, sizeof msg);
    send_text(conn, 403, "application/json", NULL, NULL, msg, n);
    return 1;
}

/* The HA1 of user in realm REALM from the htdigest file, 32 hex digits NUL-terminated: 1, or 0
   when the file has no such line. */
static int htdigest_ha1(const char *user, char ha1[33])
{
    char line[512];
    size_t ulen = strlen(user), rlen = sizeof REALM - 1;
    int found = 0;
    FILE *f = fopen(htdigest_path, "r");
    if (!f) return 0;
    while (!found && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (n == ulen + 1 + rlen + 1 + 32 && memcmp(line, user, ulen) == 0 && line[ulen] == ':' &&
            memcmp(line + ulen + 1, REALM, rlen) == 0 && line[ulen + 1 + rlen] == ':') {
            memcpy(ha1, line + ulen + 1 + rlen + 1, 32);
            ha1[32] = '\0';
            found = 1;
        }
    }
    fclose(f);
    return found;
}

/* Digest credentials of an account in the htdigest file: DIGEST_OK, DIGEST_STALE (the right
   password on a nonce this server no longer knows) or DIGEST_BAD. */
static int authenticate(struct mg_connection *conn, const struct mg_request_info *ri)
{
    const char *h = mg_get_header(conn, "Authorization"), *u;
    char user[128], ha1[33], target[TARGET_MAX];
    size_t len, ulen;
    int n, rc;
    if (!h || strncasecmp(h, "Digest ", 7) != 0) return DIGEST_BAD;
    len = strlen(h + 7);
    ulen = digest_user(h + 7, len, &u);
    if (ulen == 0 || ulen >= sizeof user || memchr(u, ':', ulen)) return DIGEST_BAD;
    memcpy(user, u, ulen);
    user[ulen] = '\0';
    if (!htdigest_ha1(user, ha1)) return DIGEST_BAD;
    /* the request-target as sent, which the client hashed: civetweb splits the query off */
    n = snprintf(target, sizeof target, "%s%s%s", ri->request_uri, ri->query_string ? "?" : "",
                 ri->query_string ? ri->query_string : "");
    if (n < 0 || (size_t)n >= sizeof target) return DIGEST_BAD;
    pthread_mutex_lock(&digest_lock);
    rc = digest_check_ha1(&digest, h + 7, len, ri->request_method, strlen(ri->request_method),
                          target, (size_t)n, REALM, user, DIGEST_MD5, ha1, time(NULL));
    pthread_mutex_unlock(&digest_lock);
    return rc;
}

/* 401 2103 with a fresh MD5 challenge; stale=true lets the client retry without asking the user */
static void send_challenge(struct mg_connection *conn, int stale)
{
    char v[256];
    size_t n;
    pthread_mutex_lock(&digest_lock);
    n = digest_challenge(&digest, DIGEST_MD5, REALM, stale, time(NULL), v, sizeof v);
    pthread_mutex_unlock(&digest_lock);
    send_text(conn, 401, "application/json", n ? "WWW-Authenticate" : NULL, v, ANSWER_401,
              sizeof ANSWER_401 - 1);
}

#define OUT_MAX \
    (CHDR_RESPONSE_MAX > APIDISC_RESPONSE_MAX ? CHDR_RESPONSE_MAX : APIDISC_RESPONSE_MAX)

/* The API, and API Discovery when data is non-NULL. */
static int api_handler(struct mg_connection *conn, void *data)
{
    static const char allow[] = "POST, OPTIONS";
    static const apidisc_api apis[] = {APIDISC_CUSTOMHDR};
    const struct mg_request_info *ri = mg_get_request_info(conn);
    char body[CHDR_REQUEST_MAX], out[OUT_MAX]; /* about 21 KiB of a worker's stack */
    static chdr_table before; /* only touched under table_lock */
    long len;
    size_t n;
    int rc;

    if (strcmp(ri->request_method, "OPTIONS") == 0) { /* preflights carry no credentials */
        send_text(conn, 204, NULL, "Allow", allow, "", 0);
        return 204;
    }
    if (strcmp(ri->request_method, "POST") != 0) {
        send_text(conn, 405, "application/json", "Allow", allow, ANSWER_405,
                  sizeof ANSWER_405 - 1);
        return 405;
    }
    if (refused_cross_site(conn, ri)) return 403; /* before authentication */
    if ((rc = authenticate(conn, ri)) != DIGEST_OK) {
        send_challenge(conn, rc == DIGEST_STALE);
        return 401;
    }
    if (ri->content_length > CHDR_REQUEST_MAX ||
        (len = read_body(conn, body, sizeof body)) < 0) {
        send_text(conn, 413, "application/json", "Connection", "close", too_large, too_large_len);
        return 413;
    }

    if (data != NULL) {
        n = apidisc_handle(apis, sizeof apis / sizeof apis[0], body, (size_t)len, out,
                           sizeof out);
        if (n > sizeof out) {
            mg_send_http_error(conn, 500, "%s", "response does not fit");
            return 500;
        }
        send_text(conn, 200, "application/json", NULL, NULL, out, n);
        return 200;
    }
    pthread_mutex_lock(&table_lock);
    {
        uint32_t changes = chdr_changes(&table);
        before = table;
        n = chdr_handle(&table, body, (size_t)len, out, sizeof out);
        if (chdr_changes(&table) != changes) {
            int lock = statefile_lock(state_path, PROG);
            if (lock < 0 || statefile_save(&table, state_path, state_seq + 1, PROG) != 0) {
                table = before;
                n = statefile_fail_response(out, n, sizeof out);
            } else {
                state_seq++;
            }
            statefile_unlock(lock);
        }
    }
    pthread_mutex_unlock(&table_lock);
    if (n == 0 || n > sizeof out) {
        mg_send_http_error(conn, 500, "%s", "response does not fit");
        return 500;
    }
    send_text(conn, 200, "application/json", NULL, NULL, out, n);
    return 200;
}

static int other_handler(struct mg_connection *conn, void *data)
{
    static const char msg[] = "404 Not Found\n";
    (void)data;
    send_text(conn, 404, "text/plain", NULL, NULL, msg, sizeof msg - 1);
    return 404;
}

/* civetweb's own error answers (malformed requests and the like) come here first. */
static int on_http_error(struct mg_connection *conn, int status, const char *msg)
{
    char body[128];
    int n = snprintf(body, sizeof body, "%d %s\n", status, msg ? msg : "");
    send_text(conn, status, "text/plain", "Connection", "close", body,
              n > 0 && (size_t)n < sizeof body ? (size_t)n : 0);
    return 0; /* handled */
}

int main(void)
{
    const char *port_env = getenv("CUSTOMHDR_PORT");
    char listen[64];
    const char *options[] = {"listening_ports", listen, "num_threads", "4",
                             "request_timeout_ms", "10000",
                             "enable_keep_alive", "yes", NULL};
    struct mg_callbacks callbacks;
    struct mg_context *ctx;
    struct mg_server_port ports[4];
    struct sigaction sa;
    int lock;

    htdigest_path = getenv("CUSTOMHDR_HTDIGEST");
    if (!htdigest_path || !*htdigest_path || access(htdigest_path, R_OK) != 0) {
        fprintf(stderr, "%s: set CUSTOMHDR_HTDIGEST to a readable htdigest file "
                        "(user:" REALM ":md5 of user:" REALM ":password)\n", PROG);
        return 2;
    }
    if (digest_init(&digest) != 0) {
        fprintf(stderr, "%s: cannot read /dev/urandom for Digest nonces\n", PROG);
        return 1;
    }
    state_path = getenv("CUSTOMHDR_STATE");
    if (!state_path || !*state_path) state_path = "build/customhdr-civetweb.state";
    if ((lock = statefile_lock(state_path, PROG)) < 0) return 1;
    statefile_load(&table, state_path, &state_seq, PROG);
    statefile_unlock(lock);
    too_large_len = answer_too_large(&table, too_large, sizeof too_large);

    snprintf(listen, sizeof listen, "127.0.0.1:%s", port_env && *port_env ? port_env : "8080");
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.http_error = on_http_error;
    mg_init_library(0);
    ctx = mg_start(&callbacks, NULL, options);
    if (!ctx) {
        fprintf(stderr, "%s: civetweb did not start on %s\n", PROG, listen);
        return 1;
    }
    mg_set_request_handler(ctx, API_PATH "$", api_handler, NULL);
    mg_set_request_handler(ctx, APIDISC_PATH "$", api_handler, (void *)(size_t)apis_marker);
    mg_set_request_handler(ctx, "/", other_handler, NULL);
    if (mg_get_server_ports(ctx, 4, ports) < 1) {
        fprintf(stderr, "%s: no listening port\n", PROG);
        mg_stop(ctx);
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    printf("listening on http://127.0.0.1:%d/\n", ports[0].port);
    fflush(stdout);
    while (!stopping) pause();
    mg_stop(ctx);
    mg_exit_library();
    return 0;
}
