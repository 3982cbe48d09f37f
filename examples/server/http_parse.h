/* http_parse - a strict HTTP/1.x request-head parser for the customhdr demo server

   A pure function: bytes in, a parsed request head, "need more" or an error out. No allocation,
   no state between calls, no I/O; results point into the caller's buffer. Call it again with
   the longer buffer whenever more bytes arrive: it re-reads from the start, and it reports an
   error as soon as the bytes so far cannot begin a valid head, so garbage is refused at once
   rather than after the client has filled the buffer.

   It accepts RFC 9112 request heads with CRLF line ends only, and refuses what request
   smuggling is made of: obs-fold, whitespace between a field name and its colon, bare CR or LF,
   NUL and other control bytes, a Content-Length that is not 1*DIGIT or that is given twice with
   different values, any Transfer-Encoding (the demo takes Content-Length bodies only), an
   HTTP/1.1 request without exactly one Host. Empty lines before the request line are skipped
   (RFC 9112 section 2.2). The body is the caller's business: content_length says how long. */
#ifndef HTTP_PARSE_H
#define HTTP_PARSE_H

#include <stddef.h>

#ifndef HP_MAX_HEADERS
#define HP_MAX_HEADERS 32 /* header fields in one request; more is HP_TOO_LARGE */
#endif
#ifndef HP_HEAD_MAX
#define HP_HEAD_MAX 8192 /* bytes of request line plus header section plus the empty line */
#endif

/* hp_parse results other than a head length */
enum {
    HP_NEED_MORE = 0,      /* a valid beginning: call again with more bytes */
    HP_BAD = -1,           /* malformed: answer 400 and close */
    HP_TOO_LARGE = -2,     /* more than HP_HEAD_MAX bytes or HP_MAX_HEADERS fields: 431 */
    HP_URI_TOO_LONG = -3,  /* the request line alone passes HP_HEAD_MAX: 414 */
    HP_VERSION = -4,       /* HTTP/2.0 and the like: 505 */
    HP_UNSUPPORTED = -5    /* a Transfer-Encoding: 501 */
};

/* content_length when the header's value is larger than any body the caller could take */
#define HP_LENGTH_HUGE ((size_t)-1)

typedef struct hp_header {
    const char *name;
    size_t name_len;
    const char *value; /* without leading and trailing blanks */
    size_t value_len;
} hp_header;

typedef struct hp_request {
    const char *method;
    size_t method_len;
    const char *target; /* the request-target exactly as sent */
    size_t target_len;
    int minor_version;  /* 0 or 1 */
    size_t num_headers;
    hp_header headers[HP_MAX_HEADERS];
    size_t content_length; /* 0 when absent; HP_LENGTH_HUGE when it does not fit */
    int keep_alive;        /* 1 unless "Connection: close" (1.1) or no "keep-alive" (1.0) */
    int expect_continue;   /* "Expect: 100-continue" was sent */
} hp_request;

/* Parses the request head at the start of buf[0..len). Returns the head's length in bytes
   (the body starts there) with *req filled, HP_NEED_MORE, or a negative HP_* error; *req is
   unspecified unless the result is positive. */
int hp_parse(const char *buf, size_t len, hp_request *req);

/* The value of the first field called name (case-insensitive), or NULL. */
const hp_header *hp_find(const hp_request *req, const char *name);

#endif
