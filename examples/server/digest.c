/* digest - see digest.h */
#define _POSIX_C_SOURCE 200809L
#include "digest.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- MD5 (RFC 1321) and SHA-256 (FIPS 180-4), streaming ------------------------------------- */

typedef struct hash {
    int alg;
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t n;
} hash;

static uint32_t rotl(uint32_t x, unsigned s) { return (x << s) | (x >> (32 - s)); }
static uint32_t rotr(uint32_t x, unsigned s) { return (x >> s) | (x << (32 - s)); }

static void md5_block(uint32_t h[4], const unsigned char *p)
{
    static const uint32_t k[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391};
    static const unsigned char s[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    uint32_t m[16], a = h[0], b = h[1], c = h[2], d = h[3];
    unsigned i;
    for (i = 0; i < 16; i++)
        m[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
               (uint32_t)p[4 * i + 3] << 24;
    for (i = 0; i < 64; i++) {
        uint32_t f, t;
        unsigned g;
        if (i < 16) f = (b & c) | (~b & d), g = i;
        else if (i < 32) f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
        else if (i < 48) f = b ^ c ^ d, g = (3 * i + 5) % 16;
        else f = c ^ (b | ~d), g = (7 * i) % 16;
        t = d;
        d = c;
        c = b;
        b = b + rotl(a + f + k[i] + m[g], s[(i / 16) * 4 + i % 4]);
        a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d;
}

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    static const uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    uint32_t w[64], v[8];
    unsigned i;
    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, h, sizeof v);
    for (i = 0; i < 64; i++) {
        uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
        uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + s0 + maj;
    }
    for (i = 0; i < 8; i++) h[i] += v[i];
}

static void hash_init(hash *c, int alg)
{
    static const uint32_t md5_iv[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    static const uint32_t sha_iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memset(c, 0, sizeof *c);
    c->alg = alg;
    if (alg == DIGEST_MD5) memcpy(c->h, md5_iv, sizeof md5_iv);
    else memcpy(c->h, sha_iv, sizeof sha_iv);
}

static void hash_block(hash *c, const unsigned char *p)
{
    if (c->alg == DIGEST_MD5) md5_block(c->h, p);
    else sha256_block(c->h, p);
}

static void hash_update(hash *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    c->len += len;
    while (len) {
        size_t take = 64 - c->n < len ? 64 - c->n : len;
        memcpy(c->buf + c->n, p, take);
        c->n += take, p += take, len -= take;
        if (c->n == 64) {
            hash_block(c, c->buf);
            c->n = 0;
        }
    }
}

/* Finishes into lowercase hex (32 or 64 characters plus NUL), as Digest's H() and KD() use. */
static void hash_hex(hash *c, char *out)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t bits = c->len * 8;
    unsigned char pad = 0x80, zero = 0, len[8];
    unsigned i, words = c->alg == DIGEST_MD5 ? 4 : 8;
    hash_update(c, &pad, 1);
    while (c->n != 56) hash_update(c, &zero, 1);
    for (i = 0; i < 8; i++)
        len[i] = (unsigned char)(c->alg == DIGEST_MD5 ? bits >> (8 * i) : bits >> (56 - 8 * i));
    hash_update(c, len, 8);
    for (i = 0; i < words * 4; i++) {
        unsigned shift = c->alg == DIGEST_MD5 ? 8 * (i % 4) : 24 - 8 * (i % 4);
        unsigned b = (c->h[i / 4] >> shift) & 0xffu;
        out[2 * i] = hex[b >> 4];
        out[2 * i + 1] = hex[b & 15];
    }
    out[words * 8] = '\0';
}

void digest_md5_hex(const void *data, size_t len, char out[33])
{
    hash c;
    hash_init(&c, DIGEST_MD5);
    hash_update(&c, data, len);
    hash_hex(&c, out);
}

void digest_sha256_hex(const void *data, size_t len, char out[65])
{
    hash c;
    hash_init(&c, DIGEST_SHA256);
    hash_update(&c, data, len);
    hash_hex(&c, out);
}

/* H(a ":" b ":" ... ) over n parts, into hex */
static void hash_parts(int alg, char *out, size_t n, const char *const *part, const size_t *len)
{
    hash c;
    size_t i;
    hash_init(&c, alg);
    for (i = 0; i < n; i++) {
        if (i) hash_update(&c, ":", 1);
        hash_update(&c, part[i], len[i]);
    }
    hash_hex(&c, out);
}

/* ---- nonces ---------------------------------------------------------------------------------- */

int digest_init(digest_state *d)
{
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    memset(d, 0, sizeof *d);
    if (fd < 0) return -1;
    while (got < sizeof d->key) {
        ssize_t n = read(fd, d->key + got, sizeof d->key - got);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        got += (size_t)n;
    }
    close(fd);
    return 0;
}

size_t digest_challenge(digest_state *d, int alg, const char *realm, int stale, time_t now,
                        char *out, size_t cap)
{
    struct digest_nonce *slot = &d->ring[d->next];
    char h[65];
    hash c;
    int n;
    /* unpredictable without the key, unique by the counter */
    hash_init(&c, DIGEST_SHA256);
    hash_update(&c, d->key, sizeof d->key);
    hash_update(&c, &d->counter, sizeof d->counter);
    hash_hex(&c, h);
    d->counter++;
    memcpy(slot->nonce, h, DIGEST_NONCE_LEN);
    slot->nonce[DIGEST_NONCE_LEN] = '\0';
    slot->issued = now;
    slot->last_nc = 0;
    slot->seen = 0;
    slot->alg = alg;
    d->next = (d->next + 1) % DIGEST_NONCES;
    n = snprintf(out, cap, "Digest realm=\"%s\", qop=\"auth\", algorithm=%s, nonce=\"%s\"%s",
                 realm, alg == DIGEST_MD5 ? "MD5" : "SHA-256", slot->nonce,
                 stale ? ", stale=true" : "");
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* ---- checking a response --------------------------------------------------------------------- */

struct param {
    const char *s;
    size_t n;
};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int same_fold(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return 0;
    return 1;
}

static int is(const struct param *p, const char *s, int fold)
{
    size_t n = strlen(s);
    return p->s && p->n == n && (fold ? same_fold(p->s, s, n) : memcmp(p->s, s, n) == 0);
}

/* auth-param list: name=token or name="quoted-string" (RFC 9110 11.2), comma separated. A
   quoted value keeps its backslash escapes, which no value we compare ever contains. */
static int parse_params(const char *v, size_t len, const char *const *names, struct param *out,
                        size_t count)
{
    size_t i = 0, k;
    while (i < len) {
        size_t ns, ne, vs, ve;
        while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) i++;
        if (i == len) break;
        for (ns = i; i < len && v[i] != '=' && v[i] != ' ' && v[i] != ','; i++) {}
        ne = i;
        while (i < len && v[i] == ' ') i++;
        if (i == len || v[i] != '=') return -1;
        for (i++; i < len && v[i] == ' '; i++) {}
        if (i < len && v[i] == '"') {
            for (vs = ++i; i < len && v[i] != '"'; i++)
                if (v[i] == '\\') i++;
            if (i >= len) return -1;
            ve = i++;
        } else {
            for (vs = i; i < len && v[i] != ',' && v[i] != ' '; i++) {}
            ve = i;
        }
        for (k = 0; k < count; k++) {
            size_t nl = strlen(names[k]);
            if (nl == ne - ns && same_fold(v + ns, names[k], nl)) {
                if (out[k].s) return -1; /* a parameter given twice */
                out[k].s = v + vs;
                out[k].n = ve - vs;
            }
        }
    }
    return 0;
}

/* digest_check and digest_check_ha1: HA1 from password, or the stored ha1 for algorithm ha1_alg
   when password is NULL */
static int check(digest_state *d, const char *value, size_t len, const char *method,
                 size_t method_len, const char *target, size_t target_len, const char *realm,
                 const char *user, const char *password, int ha1_alg, const char *stored,
                 time_t now)
{
    static const char *const names[] = {"username", "realm", "nonce", "uri", "response",
                                        "algorithm", "cnonce", "qop", "nc", "userhash"};
    enum { USER, REALM, NONCE, URI, RESP, ALG, CNONCE, QOP, NC, USERHASH, COUNT };
    struct param p[COUNT];
    char ha1[65], ha2[65], want[65];
    const char *part[6];
    size_t plen[6], i, hexlen;
    uint32_t nc = 0;
    unsigned diff = 0;
    int alg;

    memset(p, 0, sizeof p);
    if (parse_params(value, len, names, p, COUNT) != 0) return DIGEST_BAD;
    for (i = 0; i < COUNT; i++)
        if (!p[i].s && i != ALG && i != USERHASH) return DIGEST_BAD;
    if (p[USERHASH].s && !is(&p[USERHASH], "false", 1)) return DIGEST_BAD;
    if (!p[ALG].s || is(&p[ALG], "MD5", 1)) alg = DIGEST_MD5;
    else if (is(&p[ALG], "SHA-256", 1)) alg = DIGEST_SHA256;
    else return DIGEST_BAD;
    hexlen = alg == DIGEST_MD5 ? 32 : 64;
    /* the response must be for this request: RFC 7616 3.4.6 ties uri to the request-target */
    if (!is(&p[QOP], "auth", 0) || !is(&p[REALM], realm, 0) || !is(&p[USER], user, 0) ||
        p[URI].n != target_len || memcmp(p[URI].s, target, target_len) != 0 ||
        p[NC].n != 8 || p[RESP].n != hexlen)
        return DIGEST_BAD;
    for (i = 0; i < 8; i++) {
        int c = lower((unsigned char)p[NC].s[i]);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return DIGEST_BAD;
        nc = nc * 16 + (uint32_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    if (nc == 0) return DIGEST_BAD;

    if (password) {
        part[0] = user, plen[0] = strlen(user);
        part[1] = realm, plen[1] = strlen(realm);
        part[2] = password, plen[2] = strlen(password);
        hash_parts(alg, ha1, 3, part, plen);
    } else {
        /* a stored HA1 answers for its own algorithm only: it cannot be converted */
        if (alg != ha1_alg || strlen(stored) != hexlen) return DIGEST_BAD;
        for (i = 0; i < hexlen; i++) ha1[i] = (char)lower((unsigned char)stored[i]);
    }
    part[0] = method, plen[0] = method_len;
    part[1] = target, plen[1] = target_len;
    hash_parts(alg, ha2, 2, part, plen);
    part[0] = ha1, plen[0] = hexlen;
    part[1] = p[NONCE].s, plen[1] = p[NONCE].n;
    part[2] = p[NC].s, plen[2] = p[NC].n;
    part[3] = p[CNONCE].s, plen[3] = p[CNONCE].n;
    part[4] = p[QOP].s, plen[4] = p[QOP].n;
    part[5] = ha2, plen[5] = hexlen;
    hash_parts(alg, want, 6, part, plen);
    for (i = 0; i < hexlen; i++) diff |= (unsigned)(lower((unsigned char)p[RESP].s[i]) ^ want[i]);
    if (diff) return DIGEST_BAD;

    /* right password; now the nonce must be ours, fresh, and its count new */
    for (i = 0; i < DIGEST_NONCES; i++) {
        struct digest_nonce *slot = &d->ring[i];
        if (slot->nonce[0] && p[NONCE].n == DIGEST_NONCE_LEN &&
            memcmp(slot->nonce, p[NONCE].s, DIGEST_NONCE_LEN) == 0) {
            /* issued for the other algorithm: a downgrade of that challenge, not a client error */
            if (slot->alg != alg) return DIGEST_BAD;
            if (now - slot->issued > DIGEST_NONCE_TTL || now < slot->issued) return DIGEST_STALE;
            if (nc > slot->last_nc) {
                uint32_t ahead = nc - slot->last_nc;
                slot->seen = (ahead >= 32 ? 0u : slot->seen << ahead) | 1u;
                slot->last_nc = nc;
            } else {
                /* concurrent requests may arrive out of order: a lower count is taken once, if
                   it is one of the 32 below the highest; anything else is a replay */
                uint32_t back = slot->last_nc - nc;
                if (back >= 32 || (slot->seen >> back & 1u)) return DIGEST_BAD;
                slot->seen |= 1u << back;
            }
            return DIGEST_OK;
        }
    }
    return DIGEST_STALE;
}

int digest_check(digest_state *d, const char *value, size_t len, const char *method,
                 size_t method_len, const char *target, size_t target_len, const char *realm,
                 const char *user, const char *password, time_t now)
{
    return check(d, value, len, method, method_len, target, target_len, realm, user, password,
                 0, NULL, now);
}

int digest_check_ha1(digest_state *d, const char *value, size_t len, const char *method,
                     size_t method_len, const char *target, size_t target_len, const char *realm,
                     const char *user, int alg, const char *ha1, time_t now)
{
    return check(d, value, len, method, method_len, target, target_len, realm, user, NULL, alg,
                 ha1, now);
}

size_t digest_user(const char *value, size_t len, const char **user)
{
    static const char *const names[] = {"username"};
    struct param p;
    memset(&p, 0, sizeof p);
    *user = NULL;
    if (parse_params(value, len, names, &p, 1) != 0 || !p.s || memchr(p.s, '\\', p.n)) return 0;
    *user = p.s;
    return p.n;
}
