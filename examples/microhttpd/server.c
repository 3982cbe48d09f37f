/* customhdr-mhd - customhdr in a GNU libmicrohttpd server

   Answers POST /axis-cgi/customhttpheader.cgi (HTTP Basic auth, MHD's basic-auth API) through
   chdr_handle, and adds the custom headers to every response it queues: 200, 401, 403, 404, 405,
   413. On the API paths each is JSON in the API's error shape (examples/common/answers.h); a
   body declared over CHDR_REQUEST_MAX gets 413 and the library's error 1100 unread.
   A header the server would send itself (Cache-Control, X-Frame-Options below) is left out when
   the table has one of the same name, so the custom value wins and is never sent twice.
   The table starts with CHDR_AXIS_DEFAULTS and lives in memory only. POST
   /axis-cgi/apidiscovery.cgi answers Axis' API Discovery behind the same auth
   (examples/common/apidiscovery.h); both API paths refuse a request another site's page made
   a browser send, with 403 and an API error before authentication (examples/common/csrf.h),
   unless the custom CORS headers grant that origin credentials.

   Environment: CUSTOMHDR_PORT (default 8080; 0 picks a free port), CUSTOMHDR_USER (default
   root), CUSTOMHDR_PASSWORD (default: random, printed). Listens on 127.0.0.1 only. Prints
   "listening on http://127.0.0.1:PORT/" once ready; SIGINT or SIGTERM stops it.

   Threading: MHD runs every callback on its one internal polling thread (no thread per
   connection, no thread pool), so the table needs no lock. MHD_add_response_header copies
   name and value, so a response queued before a change keeps the headers it was built with. */
#define _POSIX_C_SOURCE 200809L
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#define APIDISCOVERY_IMPLEMENTATION
#include "../common/apidiscovery.h"
#define CSRF_IMPLEMENTATION
#include "../common/csrf.h"
#define ANSWERS_IMPLEMENTATION
#include "../common/answers.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define API_PATH "/axis-cgi/customhttpheader.cgi"
#define REALM "customhdr"

static chdr_table table;
static char api_out[CHDR_RESPONSE_MAX > APIDISC_RESPONSE_MAX ? CHDR_RESPONSE_MAX
                                                             : APIDISC_RESPONSE_MAX];
static const char *admin_user, *admin_password;
static char too_large[ANSWER_TOO_LARGE_MAX]; /* made once at start-up */
static size_t too_large_len;

/* One byte more than CHDR_REQUEST_MAX is kept, so that a body longer than its Content-Length
   said (or sent without one) is still known to be over the limit. */
struct upload {
    size_t len;
    char body[CHDR_REQUEST_MAX + 1];
};

struct own_header {
    const char *name;
    const char *value;
};

static const struct own_header own_api[] = {{"Cache-Control", "no-store"},
                                            {"X-Frame-Options", "DENY"}};
static const struct own_header own_page[] = {{"X-Frame-Options", "DENY"}};

/* Compares in time independent of where the strings differ. */
static int same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i;
    unsigned diff = (unsigned)(la ^ lb);
    for (i = 0; i < la && lb != 0; i++)
        diff |= (unsigned)(unsigned char)a[i] ^ (unsigned)(unsigned char)b[i % lb];
    return diff == 0;
}

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
    if (MHD_add_response_header(r, name, value) != MHD_YES)
        fprintf(stderr, "customhdr-mhd: libmicrohttpd refused header %s\n", name);
}

/* The server's own headers first, minus those the table overrides, then the table's. */
static void add_headers(struct MHD_Response *r, const struct own_header *own, size_t n_own)
{
    char name[CHDR_NAME_MAX + 1], value[CHDR_VALUE_MAX + 1];
    chdr_header h;
    size_t i, p;

    for (i = 0; i < n_own; i++)
        if (!chdr_find(&table, own[i].name, strlen(own[i].name), NULL, NULL))
            add_header(r, own[i].name, own[i].value);
    for (p = 0; (p = chdr_next(&table, p, &h)) != 0;) {
        /* MHD wants NUL-terminated strings; the table's limits bound both copies. */
        memcpy(name, h.name, h.name_len);
        name[h.name_len] = '\0';
        memcpy(value, h.value, h.value_len);
        value[h.value_len] = '\0';
        add_header(r, name, value);
    }
}

enum reply_kind { REPLY_PLAIN, REPLY_AUTH_FAIL };

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type,
                             const char *body, size_t len, const struct own_header *own,
                             size_t n_own, const char *allow, enum reply_kind kind)
{
    struct MHD_Response *r;
    enum MHD_Result ret;

    r = MHD_create_response_from_buffer(len, (void *)(size_t)body, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (allow != NULL)
        add_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    add_headers(r, own, n_own);
    if (kind == REPLY_AUTH_FAIL)
        ret = MHD_queue_basic_auth_fail_response(c, REALM, r);
    else
        ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

#define TEXT(s) "text/plain; charset=utf-8", s, sizeof s - 1

static int authorized(struct MHD_Connection *c)
{
    char *password = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &password);
    int ok = user != NULL && password != NULL;
    if (ok) {
        /* Both compared, always, so timing does not tell which one was wrong. */
        int user_ok = same_secret(user, admin_user);
        int password_ok = same_secret(password, admin_password);
        ok = user_ok & password_ok;
    }
    if (user != NULL)
        MHD_free(user);
    if (password != NULL)
        MHD_free(password);
    return ok;
}

/* Content-Length over CHDR_REQUEST_MAX (digits only; MHD itself refuses a malformed one). */
static int declared_too_large(struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long n = 0;
    if (v == NULL)
        return 0;
    for (; *v >= '0' && *v <= '9'; v++) {
        n = n * 10 + (unsigned long long)(*v - '0');
        if (n > CHDR_REQUEST_MAX)
            return 1;
    }
    return 0;
}

/* The cross-site decision (csrf.h) on the request's head: the 403 to queue, or MHD_YES with
   *refused 0 when the request may go on. */
static enum MHD_Result cross_site(struct MHD_Connection *c, int *refused)
{
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    char msg[CSRF_REFUSAL_MAX];
    size_t n;
    int why = csrf_check(&table, "http", origin, origin ? strlen(origin) : 0, site,
                         site ? strlen(site) : 0, host, host ? strlen(host) : 0);
    *refused = why != CSRF_ALLOW;
    if (!*refused)
        return MHD_YES;
    n = csrf_refusal(why, origin, origin ? strlen(origin) : 0, msg, sizeof msg);
    return reply(c, MHD_HTTP_FORBIDDEN, "application/json", msg, n, own_api, 2, NULL,
                 REPLY_PLAIN);
}

/* The API, or API Discovery when discovery is nonzero. */
static enum MHD_Result on_api(struct MHD_Connection *c, const char *method,
                              const char *upload_data, size_t *upload_data_size, void **con_cls,
                              int discovery)
{
    static const apidisc_api apis[] = {APIDISC_CUSTOMHDR};
    struct upload *u = *con_cls;
    size_t n;
    int refused;

    if (strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0)
        return reply(c, MHD_HTTP_OK, TEXT(""), own_api, 2, "POST, OPTIONS", REPLY_PLAIN);
    if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "application/json", ANSWER_405,
                     sizeof ANSWER_405 - 1, own_api, 2, "POST, OPTIONS", REPLY_PLAIN);
    if (u == NULL) {
        /* Headers only so far: refuse before reading a body from someone not allowed in,
           another site's page first, before authentication. */
        enum MHD_Result r = cross_site(c, &refused);
        if (refused)
            return r;
        if (!authorized(c))
            return reply(c, MHD_HTTP_UNAUTHORIZED, "application/json", ANSWER_401,
                         sizeof ANSWER_401 - 1, own_api, 2, NULL, REPLY_AUTH_FAIL);
        /* a body declared over the limit is answered before a byte of it is read */
        if (declared_too_large(c))
            return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "application/json", too_large,
                         too_large_len, own_api, 2, NULL, REPLY_PLAIN);
        u = malloc(sizeof *u);
        if (u == NULL)
            return MHD_NO;
        u->len = 0;
        *con_cls = u;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        size_t room = sizeof u->body - u->len;
        size_t take = *upload_data_size < room ? *upload_data_size : room;
        memcpy(u->body + u->len, upload_data, take);
        u->len += take;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (u->len > CHDR_REQUEST_MAX)
        return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "application/json", too_large, too_large_len,
                     own_api, 2, NULL, REPLY_PLAIN);
    /* api_out holds CHDR_RESPONSE_MAX bytes, the most chdr_handle ever needs. */
    if (discovery)
        n = apidisc_handle(apis, sizeof apis / sizeof apis[0], u->body, u->len, api_out,
                           sizeof api_out);
    else
        n = chdr_handle(&table, u->body, u->len, api_out, sizeof api_out);
    if (n > sizeof api_out)
        return MHD_NO;
    return reply(c, MHD_HTTP_OK, "application/json", api_out, n, own_api, 2, NULL, REPLY_PLAIN);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    if (strcmp(url, API_PATH) == 0 || strcmp(url, APIDISC_PATH) == 0)
        return on_api(c, method, upload_data, upload_data_size, con_cls,
                      strcmp(url, APIDISC_PATH) == 0);
    if (strcmp(url, "/") != 0)
        return reply(c, MHD_HTTP_NOT_FOUND, TEXT("Not Found\n"), own_page, 1, NULL, REPLY_PLAIN);
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, TEXT("Method Not Allowed\n"), own_page, 1,
                     "GET, HEAD", REPLY_PLAIN);
    return reply(c, MHD_HTTP_OK, TEXT("customhdr example server\n"), own_page, 1, NULL,
                 REPLY_PLAIN);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    free(*con_cls);
    *con_cls = NULL;
}

static const char *random_password(void)
{
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static char pw[17];
    unsigned char raw[sizeof pw - 1];
    size_t i;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(raw, 1, sizeof raw, f) != sizeof raw) {
        fprintf(stderr, "customhdr-mhd: cannot read /dev/urandom for a password\n");
        exit(1);
    }
    fclose(f);
    for (i = 0; i < sizeof raw; i++)
        pw[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    pw[sizeof raw] = '\0';
    return pw;
}

int main(void)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    const char *port_env = getenv("CUSTOMHDR_PORT");
    struct sockaddr_in addr;
    struct MHD_Daemon *d;
    const union MHD_DaemonInfo *info;
    sigset_t stop;
    char *end;
    unsigned long port = 8080;
    int sig;

    chdr_init(&table);
    if (chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK) {
        fprintf(stderr, "customhdr-mhd: the defaults do not fit this build's limits\n");
        return 1;
    }
    too_large_len = answer_too_large(&table, too_large, sizeof too_large);
    if (port_env != NULL && *port_env != '\0') {
        port = strtoul(port_env, &end, 10);
        if (*end != '\0' || port > 65535) {
            fprintf(stderr, "customhdr-mhd: CUSTOMHDR_PORT must be a port number\n");
            return 2;
        }
    }
    admin_user = getenv("CUSTOMHDR_USER");
    if (admin_user == NULL || *admin_user == '\0')
        admin_user = "root";
    admin_password = getenv("CUSTOMHDR_PASSWORD");
    if (admin_password == NULL || *admin_password == '\0') {
        admin_password = random_password();
        printf("admin account: %s / %s\n", admin_user, admin_password);
    }

    /* Blocked before MHD starts its thread, which inherits the mask, so sigwait gets them. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
                         NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_CONNECTION_LIMIT, 32u,
                         MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "customhdr-mhd: cannot listen on 127.0.0.1:%lu\n", port);
        return 1;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on http://127.0.0.1:%u/\n", info != NULL ? (unsigned)info->port : 0u);
    fflush(stdout);

    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    return 0;
}
