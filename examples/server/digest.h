/* digest - HTTP Digest access authentication (RFC 7616) for the demo server

   Server side only, qop="auth", algorithms SHA-256 and MD5 (RFC 7616 section 3.5 lists both;
   browsers and curl still use MD5 most). Nonces come from a per-start random key and a counter
   and are remembered in a small ring with the time they were issued and the highest nonce-count
   seen, so a nonce that is unknown, older than DIGEST_NONCE_TTL, or replayed with a count already
   used is refused (a count below the highest is taken once when it is one of the 32 below it:
   a browser's concurrent requests on one nonce may arrive out of order); the first two are answered "stale" so clients retry with a fresh nonce
   without asking the user again. A nonce is bound to the algorithm of the challenge that issued
   it: an answer with the other algorithm is refused, so a nonce offered for SHA-256 cannot be
   spent on MD5. The account is a password, or an HA1 as an htdigest file stores it
   (digest_check_ha1, the civetweb example). No heap; one digest_state per server, and a server
   with several threads serializes the calls on it. */
#ifndef DIGEST_H
#define DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define DIGEST_NONCES 64       /* nonces remembered at once */
#define DIGEST_NONCE_TTL 300   /* seconds a nonce stays valid */
#define DIGEST_NONCE_LEN 32    /* hex characters of a nonce */

enum { DIGEST_OK = 0, DIGEST_BAD = 1, DIGEST_STALE = 2 };
enum { DIGEST_MD5 = 0, DIGEST_SHA256 = 1 };

struct digest_nonce {
    char nonce[DIGEST_NONCE_LEN + 1];
    time_t issued;
    uint32_t last_nc; /* highest nonce-count accepted so far */
    uint32_t seen;    /* bit k: last_nc - k was accepted (the 32 counts up to last_nc) */
    int alg;          /* DIGEST_MD5 or DIGEST_SHA256: the challenge that issued it */
};

typedef struct digest_state {
    unsigned char key[32];
    uint64_t counter;
    size_t next; /* ring position of the next nonce */
    struct digest_nonce ring[DIGEST_NONCES];
} digest_state;

/* Fills the key from /dev/urandom. 0, or -1 when it cannot. */
int digest_init(digest_state *d);

/* Writes the WWW-Authenticate field value for algorithm alg with a fresh nonce into
   out[0..cap) (NUL-terminated). Returns its length, or 0 when cap is too small. */
size_t digest_challenge(digest_state *d, int alg, const char *realm, int stale, time_t now,
                        char *out, size_t cap);

/* Checks an Authorization field value (everything after "Digest ") for a request with the
   given method and request-target. DIGEST_OK, DIGEST_STALE or DIGEST_BAD (also for a nonce
   answered with another algorithm than its challenge's). */
int digest_check(digest_state *d, const char *value, size_t len, const char *method,
                 size_t method_len, const char *target, size_t target_len, const char *realm,
                 const char *user, const char *password, time_t now);

/* digest_check for an account stored as HA1 = H(user ":" realm ":" password) in hex, as an
   htdigest file keeps it, instead of its password. An HA1 is made with one algorithm (alg), so
   an answer with the other one is DIGEST_BAD; challenge with alg only. */
int digest_check_ha1(digest_state *d, const char *value, size_t len, const char *method,
                     size_t method_len, const char *target, size_t target_len, const char *realm,
                     const char *user, int alg, const char *ha1, time_t now);

/* The username parameter of an Authorization field value (after "Digest "), to find the
   account's HA1: its length, *user pointing into value; 0 (and NULL) when the value does not
   parse, has none, or quotes it with backslash escapes (no stored account name has them). */
size_t digest_user(const char *value, size_t len, const char **user);

/* The hashes, exposed for the tests: hex digest of data into out (33 or 65 bytes). */
void digest_md5_hex(const void *data, size_t len, char out[33]);
void digest_sha256_hex(const void *data, size_t len, char out[65]);

#endif
