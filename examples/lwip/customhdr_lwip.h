/* customhdr_lwip - customhdr wired into lwIP's httpd (lwIP 2.1, src/apps/http)

   lwIP's httpd has no hook that adds a header to a response. What it does have is
   LWIP_HTTPD_CUSTOM_FILES: every URI, including the error pages it looks up (/404.html,
   /400.html, /501.html) and the file a POST answers with, is first offered to the
   application's fs_open_custom(). This file implements that hook, and the httpd_post_*
   callbacks, so that each response is a "file" whose first bytes are the whole HTTP head:
   status line, Content-Type, Content-Length, the server's own headers the table does not
   override, then the customhdr block. The file carries FS_FILE_FLAGS_HEADER_INCLUDED, so
   httpd sends it as it is.

   Needs in lwipopts.h (checked with #error):
     LWIP_HTTPD_CUSTOM_FILES 1        the hook itself
     LWIP_HTTPD_DYNAMIC_FILE_READ 1   the head is read, then the page body, with no copy of the
                                      body into RAM
     LWIP_HTTPD_DYNAMIC_HEADERS 0     httpd must not add a head of its own
     LWIP_HTTPD_SUPPORT_POST 1        the API is a POST
     LWIP_HTTPD_SUPPORT_V09 0         httpd 2.1 scans a 0.9 response's data for the end of the
                                      head, and a read-on-demand file has no data pointer
     LWIP_HTTPD_FS_ASYNC_READ 0
   Recommended: LWIP_HTTPD_SUPPORT_EXTSTATUS 1, or httpd closes the connection without any
   answer on a malformed request (400) or a method other than GET/POST (501).

   USE (in the firmware, with the tcpip core lock held or from the tcpip thread, like httpd):
       #define CUSTOMHDR_IMPLEMENTATION      (in one C file)
       #include "customhdr.h"
       static chdr_table table;
       static const chdr_lwip_page pages[] = {
           {"/index.html", "text/html", index_html, sizeof index_html - 1},
       };
       chdr_init(&table);  chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
       chdr_lwip_init(&table, pages, 1, "cm9vdDpwYXNz");   (base64 of "root:pass")
       httpd_init();
   and compile customhdr_lwip.c with the firmware. Everything is served from `pages`; files in
   lwIP's fsdata.c are looked up only when fs_open_custom declines a URI, and they carry no
   custom headers (their heads were fixed by makefsdata), so keep fsdata.c empty.

   Memory: CHDR_LWIP_FILES slots of CHDR_LWIP_HEAD_MAX bytes (the head of one response in
   flight), plus one POST buffer: CHDR_REQUEST_MAX + 1 bytes of request, a chdr_call (the API's
   answer is written by chdr_write straight into the pieces httpd sends, no response buffer)
   and CHDR_CONTEXT_MAX + 512 bytes for an API Discovery answer, and 160 bytes for the 413's
   answer (the library's, made once by chdr_lwip_init). A second API request arriving
   while one is being answered gets 503. With the defaults about 15 KB (it was 31 KB with a
   response-sized buffer); lower CHDR_STORAGE, CHDR_REQUEST_MAX and CHDR_LWIP_FILES for small
   parts. A response that finds no free slot
   is not sent (httpd closes the connection), so make CHDR_LWIP_FILES at least the number of
   connections httpd can serve at once. */
#ifndef CUSTOMHDR_LWIP_H
#define CUSTOMHDR_LWIP_H

#include "customhdr.h"

#ifndef CHDR_LWIP_FILES
#define CHDR_LWIP_FILES 4
#endif
/* Status line, Content-Type, Content-Length and the server's own headers take at most 384
   bytes with content types up to 100 bytes; the rest is the custom block. */
#ifndef CHDR_LWIP_HEAD_MAX
#define CHDR_LWIP_HEAD_MAX (CHDR_BLOCK_MAX + 384)
#endif
/* An API request whose body stops arriving for this long gives its buffer to the next one. */
#ifndef CHDR_LWIP_POST_IDLE_MS
#define CHDR_LWIP_POST_IDLE_MS 10000
#endif
/* 1: the API takes HTTP Basic credentials (chdr_lwip_init's credentials). Basic sends the
   password with every request, readable to anyone on the path: keep it to a trusted link or
   TLS (altcp_tls). 0: Basic is neither offered nor accepted, the equivalent of the demo
   server's CUSTOMHDR_AUTH=digest; the firmware then authorizes every API request itself by
   defining the two functions below (its own Digest, a TLS client certificate, a token). */
#ifndef CHDR_LWIP_BASIC
#define CHDR_LWIP_BASIC 1
#endif
#if !CHDR_LWIP_BASIC
/* Nonzero lets the request in; head is what httpd passes to httpd_post_begin. */
int chdr_lwip_authorize(const char *head, size_t len);
/* The WWW-Authenticate value of the 401, read when the 401 is opened; NULL sends none. */
const char *chdr_lwip_challenge(void);
#endif
#define CHDR_LWIP_API_URI "/axis-cgi/customhttpheader.cgi"
/* Axis' API Discovery, listing this API (examples/common/apidiscovery.h), same auth */
#define CHDR_LWIP_DISCOVERY_URI "/axis-cgi/apidiscovery.cgi"

typedef struct chdr_lwip_page {
    const char *uri;  /* as requested, e.g. "/index.html" */
    const char *type; /* Content-Type value */
    const char *body;
    size_t len;
} chdr_lwip_page;

/* Serves t through lwIP's httpd. pages (kept, not copied) are the 200 responses; credentials
   is the base64 of "user:password" that the API's Basic auth must match, kept as a pointer;
   NULL refuses every API request. */
void chdr_lwip_init(chdr_table *t, const chdr_lwip_page *pages, size_t n_pages,
                    const char *credentials);

#endif /* CUSTOMHDR_LWIP_H */
