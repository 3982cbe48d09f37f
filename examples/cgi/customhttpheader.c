/* customhttpheader.cgi - the customhdr API as a CGI/1.1 program, for copy-in use in an existing
   web server (lighttpd, Apache, nginx behind fcgiwrap, BusyBox httpd...)

   Put it at /axis-cgi/customhttpheader.cgi behind the server's admin authentication: the
   program trusts that whoever reaches it is an administrator. Each run handles one request:

     REQUEST_METHOD  must be POST; anything else is answered 405 with "Allow: POST"
     CONTENT_LENGTH  the body's length; over CHDR_REQUEST_MAX bytes is answered 413 unread, with
                     the library's error 1100; missing means an empty body (API error 2101, like
                     any non-JSON body)
     REDIRECT_STATUS 400 to 599: the server runs the program as its error handler for a request
                     it refused itself (lighttpd's server.error-handler, Apache's ErrorDocument),
                     such as its own 401 when the credentials are missing or wrong; the program
                     answers that status with the JSON every example gives for it
                     (examples/common/answers.h), and the custom headers, and reads nothing
     SCRIPT_NAME     ending in "/customhdr-error.cgi": installed by that name as the server's
                     error handler outside its authentication (an error handler inside it would
                     need credentials itself), the program answers refusals only; called
                     directly by that name it answers 404 and does nothing else
     stdin           the body; a body shorter than CONTENT_LENGTH, or one that does not arrive
                     within CGI_BODY_TIMEOUT_MS, is an API error 2101, never a hang
     CUSTOMHDR_STATE the state file (default "customhdr.state" in the working directory); missing
                     means the AXIS OS style defaults; a corrupt one is kept aside and warned about

     HTTP_ORIGIN, HTTP_SEC_FETCH_SITE, HTTP_HOST, HTTPS
                     a request another site's page made a browser send is refused: 403 and an
                     API error, nothing changed (examples/common/csrf.h), unless the custom CORS
                     headers grant that origin credentials
     SCRIPT_NAME     ending in "/apidiscovery.cgi": the program answers Axis' API Discovery
                     (examples/common/apidiscovery.h) instead, listing this API; install the
                     same program a second time (a copy or a symlink) at
                     /axis-cgi/apidiscovery.cgi, behind the same authentication

   Output: "Status:" and "Content-Type: application/json" lines, the custom headers themselves
   (the one response this program writes carries them too), a blank line, the JSON body.

   Concurrency: a web server may run many copies at once. Each takes an exclusive flock on
   "<state>.lock" for the whole load-handle-save sequence, so no change is lost between two
   processes that read the same old table. The file is only rewritten when the request changed
   the table (chdr_changes), and a change that cannot be saved is reported as error 1100 rather
   than acknowledged. */
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

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "customhttpheader.cgi"
#ifndef CGI_BODY_TIMEOUT_MS
#define CGI_BODY_TIMEOUT_MS 10000
#endif

static chdr_table table;
static char body[CHDR_REQUEST_MAX];
/* either answer fits: the API's, or API Discovery's */
#define OUT_MAX \
    (CHDR_RESPONSE_MAX > APIDISC_RESPONSE_MAX ? CHDR_RESPONSE_MAX : APIDISC_RESPONSE_MAX)
static char out[OUT_MAX];

static void reply(const char *status, const char *extra, const char *json, size_t len)
{
    size_t block_len;
    const char *block = chdr_block(&table, &block_len);
    printf("Status: %s\r\n%sContent-Type: application/json\r\n", status, extra);
    fwrite(block, 1, block_len, stdout);
    printf("\r\n");
    fwrite(json, 1, len, stdout);
    fflush(stdout);
}

/* An answer made here rather than by chdr_handle: the body never reached the API. */
static int reply_error(const char *status, const char *extra, int code, const char *message)
{
    char json[256];
    int n = snprintf(json, sizeof json,
                     "{\"apiVersion\":\"1.0\",\"error\":{\"code\":%d,\"message\":\"%s\"}}", code,
                     message);
    reply(status, extra, json, n > 0 && (size_t)n < sizeof json ? (size_t)n : 0);
    return 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads exactly want bytes of stdin. Returns the count read: less means end of input, an error
   or the deadline. poll keeps a server that never closes stdin from hanging the program. */
static size_t read_body(size_t want)
{
    size_t len = 0;
    long long deadline = now_ms() + CGI_BODY_TIMEOUT_MS;
    while (len < want) {
        struct pollfd p = {0, POLLIN, 0};
        long long left = deadline - now_ms();
        ssize_t got;
        if (left <= 0) break;
        if (poll(&p, 1, (int)left) <= 0) {
            if (errno == EINTR) continue;
            break;
        }
        got = read(0, body + len, want - len);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        len += (size_t)got;
    }
    return len;
}

/* CONTENT_LENGTH is 1*DIGIT (RFC 3875 4.1.2). Returns -1 for anything else, -2 when too big. */
static long long parse_length(const char *s)
{
    long long v = 0;
    if (!*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        if (v > CHDR_REQUEST_MAX) return -2;
        v = v * 10 + (*s - '0');
    }
    return v > CHDR_REQUEST_MAX ? -2 : v;
}

/* The cross-site decision for this request, from the fields the web server passes on
   (RFC 3875 4.1.18). 0 when it may go on; else the 403 has been written. */
static int refused_cross_site(void)
{
    const char *origin = getenv("HTTP_ORIGIN"), *site = getenv("HTTP_SEC_FETCH_SITE");
    const char *host = getenv("HTTP_HOST"), *https = getenv("HTTPS");
    char json[CSRF_REFUSAL_MAX];
    size_t n;
    int why = csrf_check(&table, https && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0) ?
                                     "https" : "http",
                         origin, origin ? strlen(origin) : 0, site, site ? strlen(site) : 0,
                         host, host ? strlen(host) : 0);
    if (why == CSRF_ALLOW) return 0;
    n = csrf_refusal(why, origin, origin ? strlen(origin) : 0, json, sizeof json);
    reply("403 Forbidden", "", json, n);
    return 1;
}

/* The server's own refusal of the request, when it runs this program as its error handler:
   the status (400-599), else 0. */
static int server_refusal(void)
{
    const char *s = getenv("REDIRECT_STATUS");
    int v = 0;
    if (!s) return 0;
    for (; *s >= '0' && *s <= '9' && v < 1000; s++) v = v * 10 + (*s - '0');
    return *s == '\0' && v >= 400 && v <= 599 ? v : 0;
}

/* Called as customhdr-error.cgi: installed by that name outside the server's authentication,
   as its error handler, where anyone may call it; by that name it answers refusals only. */
static int is_error_handler(void)
{
    static const char name[] = "/customhdr-error.cgi";
    const char *script = getenv("SCRIPT_NAME");
    size_t n = script ? strlen(script) : 0;
    return n >= sizeof name - 1 && strcmp(script + n - (sizeof name - 1), name) == 0;
}

/* Answers the server's refusal `status` in the API's words. */
static int reply_refusal(int status)
{
    char line[48], json[ANSWER_TOO_LARGE_MAX + 64];
    size_t n;
    snprintf(line, sizeof line, "%d %s", status,
             status == 401 ? "Unauthorized" : status == 405 ? "Method Not Allowed"
             : status == 413 ? "Content Too Large" : status < 500 ? "Bad Request" : "Server Error");
    if (status == 401) return reply(line, "", ANSWER_401, sizeof ANSWER_401 - 1), 0;
    if (status == 405) return reply(line, "Allow: POST\r\n", ANSWER_405, sizeof ANSWER_405 - 1), 0;
    if (status == 413) {
        n = answer_too_large(&table, json, sizeof json);
        return reply(line, "", json, n), 0;
    }
    /* no request reached the API: 2101 for what the server found malformed, else 1100 */
    n = (size_t)snprintf(json, sizeof json,
                         "{\"apiVersion\":\"1.0\",\"error\":{\"code\":%d,\"message\":"
                         "\"server: refused the request with HTTP status %d\"}}",
                         status < 500 ? CHDR_ERR_SYNTAX : CHDR_ERR_LIMIT, status);
    reply(line, "", json, n < sizeof json ? n : 0);
    return 0;
}

/* Called as apidiscovery.cgi (SCRIPT_NAME's last segment). */
static int is_discovery(void)
{
    static const char name[] = "/apidiscovery.cgi";
    const char *script = getenv("SCRIPT_NAME");
    size_t n = script ? strlen(script) : 0;
    return n >= sizeof name - 1 && strcmp(script + n - (sizeof name - 1), name) == 0;
}

int main(void)
{
    const char *method = getenv("REQUEST_METHOD"), *length = getenv("CONTENT_LENGTH");
    const char *path = getenv("CUSTOMHDR_STATE");
    const char *status = NULL, *message = NULL;
    int refusal = 0, lock;
    long long want = 0;
    size_t got = 0, n;
    uint32_t seq, before;

    if (!path || !*path) path = "customhdr.state";

    /* The body is read before the lock is taken, so a slow client holds up no other process. */
    if ((refusal = server_refusal()) != 0) {
        /* the server refused the request; nothing of it is for the API */
    } else if (is_error_handler()) {
        refusal = 404; /* called directly, not for a refusal: it has no API to offer */
    } else if (!method || strcmp(method, "POST") != 0) {
        refusal = 405;
    } else if (length && *length && (want = parse_length(length)) == -2) {
        refusal = 413;
    } else if (want < 0) {
        status = "400 Bad Request";
        message = "CONTENT_LENGTH is not a decimal number";
    } else if ((got = read_body((size_t)want)) < (size_t)want) {
        status = "200 OK";
        message = "body: ended before CONTENT_LENGTH bytes arrived";
    }

    lock = statefile_lock(path, PROG);
    if (lock < 0) {
        /* without the lock the table might be read half-way through another process's save,
           so the request is not carried out at all */
        chdr_init(&table);
        return reply_error("500 Internal Server Error", "", CHDR_ERR_LIMIT,
                           "internal error: the state file cannot be locked");
    }
    statefile_load(&table, path, &seq, PROG);
    /* in the order the demo server refuses: the method and the size before the cross-site
       decision, which comes before the API */
    if (refusal) {
        statefile_unlock(lock);
        return reply_refusal(refusal);
    }
    if (refused_cross_site()) {
        statefile_unlock(lock);
        return 0;
    }
    if (message) {
        statefile_unlock(lock);
        return reply_error(status, "", CHDR_ERR_SYNTAX, message);
    }
    if (is_discovery()) {
        static const apidisc_api apis[] = {APIDISC_CUSTOMHDR};
        statefile_unlock(lock);
        n = apidisc_handle(apis, sizeof apis / sizeof apis[0], body, got, out, sizeof out);
        if (n > sizeof out)
            return reply_error("500 Internal Server Error", "", CHDR_ERR_LIMIT,
                               "internal error: response does not fit");
        reply("200 OK", "", out, n);
        return 0;
    }

    before = chdr_changes(&table);
    {
        /* kept so that a change that cannot be saved is not served by this response either */
        static chdr_table saved;
        saved = table;
        n = chdr_handle(&table, body, got, out, sizeof out);
        if (chdr_changes(&table) != before && statefile_save(&table, path, seq + 1, PROG) != 0) {
            table = saved;
            n = statefile_fail_response(out, n, sizeof out);
        }
    }
    statefile_unlock(lock);
    if (n == 0 || n > sizeof out)
        return reply_error("500 Internal Server Error", "", CHDR_ERR_LIMIT,
                           "internal error: response does not fit");
    reply("200 OK", "", out, n);
    return 0;
}
