/* answers - what every example says on the API paths when a request does not get as far as the
   API: the same JSON, in the API's error shape, from the demo server, the CGI program (and
   lighttpd in front of it), civetweb, libmicrohttpd and the lwIP glue

   A client of the API reads one kind of answer on the API's path, whatever refused its request:
   {"apiVersion":"1.0","error":{"code":N,"message":"..."}}, the shape chdr_handle uses. The HTTP
   status says who refused it (401, 405, 413...); the code says it in the API's terms
   (docs/behaviour.md section 1):

     401  2103  credentials are a part of the request the API needs and did not get; missing
                and wrong ones get the same answer (not every server can tell them apart:
                lighttpd's error handler, a stale Digest nonce)
     405  2102  the HTTP method is not one the API has, as 2102 says of the JSON method
     413  1100  a body over CHDR_REQUEST_MAX: the library's own answer, answer_too_large
     503  1100  the lwIP glue's one request buffer is taken: a fixed limit reached
     403  2104  another site's page: examples/common/csrf.h

   The bodies are string literals, so a server that sends bodies from constant storage (the
   lwIP glue) sends the same bytes as the others.

   Header-only: in exactly one C file of a program that calls answer_too_large
       #define ANSWERS_IMPLEMENTATION
       #include "answers.h"
   after customhdr.h. No heap, no globals. */
#ifndef ANSWERS_H
#define ANSWERS_H

#include "customhdr.h"

#include <stddef.h>

#define ANSWER_ERROR(code, message) \
    "{\"apiVersion\":\"1.0\",\"error\":{\"code\":" #code ",\"message\":\"" message "\"}}"

/* 401, with the server's WWW-Authenticate challenge */
#define ANSWER_401 ANSWER_ERROR(2103, "Authorization: admin credentials required")
/* 405, with Allow naming POST */
#define ANSWER_405 ANSWER_ERROR(2102, "HTTP method: not allowed, use POST")
/* 503: one API request at a time, and one is under way */
#define ANSWER_503 ANSWER_ERROR(1100, "server: busy with another API request, try again")

/* 413 for a body the request head declares longer than CHDR_REQUEST_MAX: the answer chdr_handle
   gives such a body (error 1100), worked out without the body, which a server need neither
   read nor hold. It depends on no table contents, so a server may make it once at start-up.
   Writes at most cap bytes, NUL-terminated when cap > 0, and returns the length;
   ANSWER_TOO_LARGE_MAX is always enough. */
#define ANSWER_TOO_LARGE_MAX 160
size_t answer_too_large(chdr_table *t, char *out, size_t cap);

#endif /* ANSWERS_H */

#ifdef ANSWERS_IMPLEMENTATION
#ifndef ANSWERS_IMPLEMENTED
#define ANSWERS_IMPLEMENTED

size_t answer_too_large(chdr_table *t, char *out, size_t cap)
{
    /* chdr_run refuses a length over CHDR_REQUEST_MAX before it reads a byte of the body
       (tests/test_web_common.c holds it to that under ASan), so one byte stands for it */
    static const char none[1] = {0};
    chdr_call call;
    size_t len = chdr_run(t, &call, none, (size_t)CHDR_REQUEST_MAX + 1), n = 0;
    if (cap == 0) return len;
    chdr_write(&call, 0, out, cap - 1, &n);
    out[n] = '\0';
    return n;
}

#endif /* ANSWERS_IMPLEMENTED */
#endif /* ANSWERS_IMPLEMENTATION */
