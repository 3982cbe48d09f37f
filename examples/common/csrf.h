/* csrf - whether a request to the API may come from the page that sent it, for every example

   A browser that has logged in to the device sends its credentials (cached Basic or Digest,
   cookies) with requests that *another* site's page makes: a <form method=POST
   enctype=text/plain> whose name=value joins into a JSON body, or a fetch(). Without a check,
   such a page changes the table (it can remove Content-Security-Policy, or add a CORS grant for
   itself). The browser says where a request comes from, in fields no page can set:

     Sec-Fetch-Site  same-origin, same-site, cross-site or none (Fetch Metadata, sent by
                     current Chromium, Firefox and Safari)
     Origin          scheme://host[:port] of the page, or "null" (every cross-origin POST,
                     and same-origin POSTs too)

   csrf_check decides, in this order:
     1. Sec-Fetch-Site present: same-origin and none (the user typed the address) pass;
        same-site (another port or subdomain is another origin) and cross-site go to 4.
     2. No Sec-Fetch-Site and no Origin: not a browser request (curl, scripts, Axis clients),
        or a browser too old to say; passes.
     3. No Sec-Fetch-Site, an Origin that is the request's own scheme (the one it arrived by)
        and Host: same origin, passes.
     4. Another origin passes only when the device's own custom headers already grant it
        credentialed CORS access: Access-Control-Allow-Origin is exactly that origin and
        Access-Control-Allow-Credentials is "true". The admin gave that origin's pages the
        right to read this device's answers with the user's credentials, which is the right to
        use the API as the user; refusing them here would break what was configured on purpose,
        and allowing anything less ("*", no credentials grant, another origin) would let any
        page act with the user's credentials. "null" (sandboxed pages, file: URLs) never passes.
   A refused request must change nothing: the servers answer it before authenticating and
   before reading the body into the API, with 403 and csrf_refusal's JSON error.

   Header-only: in exactly one C file of a program
       #define CSRF_IMPLEMENTATION
       #include "csrf.h"
   after customhdr.h (it uses chdr_find). No heap, no globals. */
#ifndef CSRF_H
#define CSRF_H

#include "customhdr.h"

#include <stddef.h>

enum {
    CSRF_ALLOW = 0,
    CSRF_CROSS_ORIGIN = 1, /* another origin the custom headers do not grant credentials */
    CSRF_NULL_ORIGIN = 2,  /* Origin: null */
    CSRF_NO_ORIGIN = 3     /* Sec-Fetch-Site says another site, and no Origin to check */
};

/* scheme: "http" or "https", as the request arrived at this server. origin, site, host: the
   request's Origin, Sec-Fetch-Site and Host field values (NULL when absent; lengths without
   any NUL). Returns CSRF_ALLOW or the reason to refuse. */
int csrf_check(const chdr_table *t, const char *scheme, const char *origin, size_t origin_len,
               const char *site, size_t site_len, const char *host, size_t host_len);

/* The refusal as an API error: {"apiVersion":"1.0","error":{"code":2104,"message":"..."}},
   naming the origin. Writes at most cap bytes (NUL-terminated when cap > 0) and returns the
   length; CSRF_REFUSAL_MAX is always enough. */
#define CSRF_REFUSAL_MAX 640
size_t csrf_refusal(int reason, const char *origin, size_t origin_len, char *out, size_t cap);

/* One refusal for every reason, naming no origin, for a server that has nowhere to keep a
   message made per request (the lwIP glue sends bodies in place). */
#define CSRF_REFUSAL_CONST                                                                      \
    "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2104,\"message\":\"Origin: cross-site "        \
    "request refused: the page that sent it is not this device's, and the custom headers do "   \
    "not grant its origin credentialed CORS access (Access-Control-Allow-Origin naming it and " \
    "Access-Control-Allow-Credentials: true)\"}}"

#endif /* CSRF_H */

#ifdef CSRF_IMPLEMENTATION
#ifndef CSRF_IMPLEMENTED
#define CSRF_IMPLEMENTED

#include <string.h>

static int csrf__lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int csrf__ieq(const char *a, size_t n, const char *lit)
{
    size_t i;
    if (strlen(lit) != n) return 0;
    for (i = 0; i < n; i++)
        if (csrf__lower((unsigned char)a[i]) != lit[i]) return 0;
    return 1;
}

/* Field values may carry blanks around them (RFC 9110 5.5); the parsers of some servers keep
   trailing ones. */
static void csrf__trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

/* "scheme://host" for this request's scheme and Host (both case-insensitive) */
static int csrf__same_origin(const char *origin, size_t n, const char *scheme, const char *host,
                             size_t host_len)
{
    size_t skip = strlen(scheme), i;
    if (n < skip + 3 || !csrf__ieq(origin, skip, scheme) || memcmp(origin + skip, "://", 3) != 0)
        return 0;
    skip += 3;
    if (host == NULL || host_len == 0 || n - skip != host_len) return 0;
    for (i = 0; i < host_len; i++)
        if (csrf__lower((unsigned char)origin[skip + i]) != csrf__lower((unsigned char)host[i]))
            return 0;
    return 1;
}

/* The custom headers grant this origin credentialed CORS access (browsers compare both values
   exactly, RFC 6454 serialization and the literal "true"). */
static int csrf__granted(const chdr_table *t, const char *origin, size_t n)
{
    const char *v;
    size_t vlen;
    if (!chdr_find(t, "Access-Control-Allow-Origin", 27, &v, &vlen) || vlen != n ||
        memcmp(v, origin, n) != 0)
        return 0;
    return chdr_find(t, "Access-Control-Allow-Credentials", 32, &v, &vlen) && vlen == 4 &&
           memcmp(v, "true", 4) == 0;
}

int csrf_check(const chdr_table *t, const char *scheme, const char *origin, size_t origin_len,
               const char *site, size_t site_len, const char *host, size_t host_len)
{
    if (origin) csrf__trim(&origin, &origin_len);
    if (site) csrf__trim(&site, &site_len);
    if (host) csrf__trim(&host, &host_len);
    if (site) {
        if (csrf__ieq(site, site_len, "same-origin") || csrf__ieq(site, site_len, "none"))
            return CSRF_ALLOW;
        if (!origin) return CSRF_NO_ORIGIN;
    } else {
        if (!origin) return CSRF_ALLOW;
        if (csrf__same_origin(origin, origin_len, scheme, host, host_len)) return CSRF_ALLOW;
    }
    if (origin_len == 4 && memcmp(origin, "null", 4) == 0) return CSRF_NULL_ORIGIN;
    return csrf__granted(t, origin, origin_len) ? CSRF_ALLOW : CSRF_CROSS_ORIGIN;
}

size_t csrf_refusal(int reason, const char *origin, size_t origin_len, char *out, size_t cap)
{
    static const char head[] = "{\"apiVersion\":\"1.0\",\"error\":{\"code\":2104,\"message\":\"";
    char msg[CSRF_REFUSAL_MAX];
    size_t n = 0, i;
#define CSRF__ADD(s) (memcpy(msg + n, s, sizeof s - 1), n += sizeof s - 1)
    CSRF__ADD(head);
    if (reason == CSRF_NO_ORIGIN) {
        CSRF__ADD("Sec-Fetch-Site: cross-site request refused: the browser says the request "
                  "comes from another site's page and names no Origin to check");
    } else if (reason == CSRF_NULL_ORIGIN) {
        CSRF__ADD("Origin: cross-site request refused: a page of an opaque origin (null) may "
                  "not use this API with the user's credentials");
    } else {
        CSRF__ADD("Origin: cross-site request refused: a page on ");
        if (origin) csrf__trim(&origin, &origin_len);
        /* at most 200 bytes of it, and only what needs no JSON escape */
        for (i = 0; origin && i < origin_len && i < 200; i++) {
            unsigned char c = (unsigned char)origin[i];
            msg[n++] = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char)c : '?';
        }
        CSRF__ADD(" is not this device's, and the custom headers do not grant it credentialed "
                  "CORS access (Access-Control-Allow-Origin naming it and "
                  "Access-Control-Allow-Credentials: true)");
    }
    CSRF__ADD("\"}}");
#undef CSRF__ADD
    if (cap == 0) return n;
    if (n >= cap) n = cap - 1;
    memcpy(out, msg, n);
    out[n] = '\0';
    return n;
}

#endif /* CSRF_IMPLEMENTED */
#endif /* CSRF_IMPLEMENTATION */
