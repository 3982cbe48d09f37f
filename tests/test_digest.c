/* The demo server's Digest authentication (examples/server/digest.c): the hashes against the
   RFC 1321 and FIPS 180-2 test vectors, the response computation against RFC 7616 section 3.9.1
   and RFC 2617 section 3.5, and the nonce rules of digest.h (unknown or expired: stale; a
   nonce-count used before: refused; a nonce answered with another algorithm than its
   challenge's: refused), also for an account stored as an htdigest HA1. */
#include "digest.h"
#include "tinytest.h"

#include <stdio.h>

static char hex[65];

TEST(md5_rfc1321_vectors)
{
    digest_md5_hex("", 0, hex);
    CHECK_EQ_STR(hex, 32, "d41d8cd98f00b204e9800998ecf8427e");
    digest_md5_hex("abc", 3, hex);
    CHECK_EQ_STR(hex, 32, "900150983cd24fb0d6963f7d28e17f72");
    digest_md5_hex("message digest", 14, hex);
    CHECK_EQ_STR(hex, 32, "f96b697d7cb7938d525a2f31aaf161d0");
    digest_md5_hex("abcdefghijklmnopqrstuvwxyz", 26, hex);
    CHECK_EQ_STR(hex, 32, "c3fcd3d76192e4007dfb496cca67e13b");
    digest_md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                   80, hex);
    CHECK_EQ_STR(hex, 32, "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(sha256_fips180_vectors)
{
    digest_sha256_hex("", 0, hex);
    CHECK_EQ_STR(hex, 64, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest_sha256_hex("abc", 3, hex);
    CHECK_EQ_STR(hex, 64, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
    CHECK_EQ_STR(hex, 64, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static digest_state d;

/* RFC 7616 3.9.1: the right response with a nonce this server never issued is "stale" (the
   password matched), a wrong one is refused. */
#define RFC7616 "username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", " \
                "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "      \
                "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
static int rfc7616(const char *rest)
{
    char v[512];
    snprintf(v, sizeof v, "%s%s", RFC7616, rest);
    return digest_check(&d, v, strlen(v), "GET", 3, "/dir/index.html", 15, "http-auth@example.org",
                        "Mufasa", "Circle of Life", 1000);
}

TEST(rfc7616_md5_and_sha256_responses)
{
    CHECK_EQ_INT(rfc7616("algorithm=MD5, response=\"8ca523f5e9506fed4657c9700eebdbec\""), DIGEST_STALE);
    CHECK_EQ_INT(rfc7616("algorithm=SHA-256, response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""),
                 DIGEST_STALE);
    CHECK_EQ_INT(rfc7616("algorithm=MD5, response=\"8ca523f5e9506fed4657c9700eebdbed\""), DIGEST_BAD);
    CHECK_EQ_INT(rfc7616("algorithm=SHA-256, response=\"8ca523f5e9506fed4657c9700eebdbec\""), DIGEST_BAD);
    CHECK_EQ_INT(rfc7616("algorithm=SHA-512-256, response=\"8ca523f5e9506fed4657c9700eebdbec\""), DIGEST_BAD);
}

TEST(rfc2617_example_md5_without_algorithm)
{
    static const char v[] = "username=\"Mufasa\", realm=\"testrealm@host.com\", "
                            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                            "qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
                            "response=\"6629fae49393a05397450978507c4ef1\", "
                            "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
    CHECK_EQ_INT(digest_check(&d, v, sizeof v - 1, "GET", 3, "/dir/index.html", 15,
                              "testrealm@host.com", "Mufasa", "Circle Of Life", 1000),
                 DIGEST_STALE);
    CHECK_EQ_INT(digest_check(&d, v, sizeof v - 1, "GET", 3, "/dir/index.html", 15,
                              "testrealm@host.com", "Mufasa", "Circle of Life", 1000),
                 DIGEST_BAD);
}

/* A client's answer to a challenge we issued, computed with the RFC 7616 formulas. */
static void h(int alg, const char *in, char out[65])
{
    if (alg == DIGEST_MD5) digest_md5_hex(in, strlen(in), out);
    else digest_sha256_hex(in, strlen(in), out);
}
static const char *answer_alg(int alg, const char *nonce, const char *nc, const char *method,
                              const char *uri, const char *password)
{
    static char v[700];
    char in[400], ha1[65], ha2[65], resp[65];
    snprintf(in, sizeof in, "root:customhdr:%s", password);
    h(alg, in, ha1);
    snprintf(in, sizeof in, "%s:%s", method, uri);
    h(alg, in, ha2);
    snprintf(in, sizeof in, "%s:%s:%s:abcdef:auth:%s", ha1, nonce, nc, ha2);
    h(alg, in, resp);
    snprintf(v, sizeof v,
             "username=\"root\", realm=\"customhdr\", nonce=\"%s\", uri=\"%s\", algorithm=%s, "
             "qop=auth, nc=%s, cnonce=\"abcdef\", response=\"%s\"", nonce, uri,
             alg == DIGEST_MD5 ? "MD5" : "SHA-256", nc, resp);
    return v;
}
static const char *answer(const char *nonce, const char *nc, const char *method, const char *uri,
                          const char *password)
{
    return answer_alg(DIGEST_MD5, nonce, nc, method, uri, password);
}

/* the nonce of a challenge header value */
static int nonce_of(const char *ch, char nonce[DIGEST_NONCE_LEN + 1])
{
    const char *p = strstr(ch, "nonce=\"");
    if (!p) return 0;
    memcpy(nonce, p + 7, DIGEST_NONCE_LEN);
    nonce[DIGEST_NONCE_LEN] = '\0';
    return 1;
}

static int check(const char *v, const char *method, const char *uri, long now)
{
    return digest_check(&d, v, strlen(v), method, strlen(method), uri, strlen(uri), "customhdr",
                        "root", "secret", (time_t)now);
}

TEST(issued_nonces_count_and_expire)
{
    char ch[256], nonce[DIGEST_NONCE_LEN + 1];
    CHECK(digest_challenge(&d, DIGEST_MD5, "customhdr", 0, 1000, ch, sizeof ch) > 0);
    CHECK(strstr(ch, "qop=\"auth\"") && strstr(ch, "algorithm=MD5") && !strstr(ch, "stale"));
    if (!nonce_of(ch, nonce)) {
        TT_FAIL("no nonce in %s", ch);
        return;
    }

    CHECK_EQ_INT(check(answer(nonce, "00000001", "POST", "/a", "secret"), "POST", "/a", 1010), DIGEST_OK);
    /* the same request again: a replay */
    CHECK_EQ_INT(check(answer(nonce, "00000001", "POST", "/a", "secret"), "POST", "/a", 1011), DIGEST_BAD);
    CHECK_EQ_INT(check(answer(nonce, "00000002", "POST", "/a", "secret"), "POST", "/a", 1012), DIGEST_OK);
    /* an answer made for another request-target or method is refused */
    CHECK_EQ_INT(check(answer(nonce, "00000003", "POST", "/a", "secret"), "POST", "/b", 1013), DIGEST_BAD);
    CHECK_EQ_INT(check(answer(nonce, "00000004", "POST", "/a", "secret"), "GET", "/a", 1013), DIGEST_BAD);
    CHECK_EQ_INT(check(answer(nonce, "00000005", "POST", "/a", "wrong"), "POST", "/a", 1013), DIGEST_BAD);
    /* older than DIGEST_NONCE_TTL: stale, so the client retries with a new nonce */
    CHECK_EQ_INT(check(answer(nonce, "00000009", "POST", "/a", "secret"), "POST", "/a",
                       1000 + DIGEST_NONCE_TTL + 1), DIGEST_STALE);
    CHECK(digest_challenge(&d, DIGEST_SHA256, "customhdr", 1, 1000, ch, sizeof ch) > 0);
    CHECK(strstr(ch, "stale=true") && strstr(ch, "algorithm=SHA-256"));
}

/* A browser's concurrent requests on one nonce can reach the server out of nonce-count order:
   each count is taken once, in any order, within 32 of the highest; a replay never is. */
TEST(nonce_counts_out_of_order_are_taken_once)
{
    char ch[256], nonce[DIGEST_NONCE_LEN + 1];
    CHECK(digest_challenge(&d, DIGEST_MD5, "customhdr", 0, 2000, ch, sizeof ch) > 0);
    CHECK(nonce_of(ch, nonce));
    CHECK_EQ_INT(check(answer(nonce, "00000001", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_OK);
    CHECK_EQ_INT(check(answer(nonce, "00000003", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_OK);
    CHECK_EQ_INT(check(answer(nonce, "00000002", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_OK);
    /* each of them again: replays */
    CHECK_EQ_INT(check(answer(nonce, "00000002", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_BAD);
    CHECK_EQ_INT(check(answer(nonce, "00000003", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_BAD);
    CHECK_EQ_INT(check(answer(nonce, "00000001", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_BAD);
    /* a jump ahead, then a count 32 or more below the highest: too old to tell, refused */
    CHECK_EQ_INT(check(answer(nonce, "00000030", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_OK);
    CHECK_EQ_INT(check(answer(nonce, "00000010", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_BAD);
    CHECK_EQ_INT(check(answer(nonce, "00000011", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_OK);
    CHECK_EQ_INT(check(answer(nonce, "00000011", "POST", "/a", "secret"), "POST", "/a", 2001), DIGEST_BAD);
}

TEST(a_nonce_is_bound_to_its_challenges_algorithm)
{
    char ch[256], sha[DIGEST_NONCE_LEN + 1], md5[DIGEST_NONCE_LEN + 1];
    CHECK(digest_challenge(&d, DIGEST_SHA256, "customhdr", 0, 2000, ch, sizeof ch) > 0);
    CHECK(nonce_of(ch, sha));
    CHECK(digest_challenge(&d, DIGEST_MD5, "customhdr", 0, 2000, ch, sizeof ch) > 0);
    CHECK(nonce_of(ch, md5));
    /* right password, right nonce, the other algorithm: refused, not stale (no silent retry) */
    CHECK_EQ_INT(check(answer_alg(DIGEST_MD5, sha, "00000001", "POST", "/a", "secret"), "POST", "/a", 2001),
                 DIGEST_BAD);
    CHECK_EQ_INT(check(answer_alg(DIGEST_SHA256, md5, "00000001", "POST", "/a", "secret"), "POST", "/a", 2001),
                 DIGEST_BAD);
    /* each with its own algorithm: accepted, and the refused tries used up no nonce-count */
    CHECK_EQ_INT(check(answer_alg(DIGEST_SHA256, sha, "00000001", "POST", "/a", "secret"), "POST", "/a", 2002),
                 DIGEST_OK);
    CHECK_EQ_INT(check(answer_alg(DIGEST_MD5, md5, "00000001", "POST", "/a", "secret"), "POST", "/a", 2002),
                 DIGEST_OK);
    /* and after that, still not with the other one */
    CHECK_EQ_INT(check(answer_alg(DIGEST_MD5, sha, "00000002", "POST", "/a", "secret"), "POST", "/a", 2003),
                 DIGEST_BAD);
    CHECK_EQ_INT(check(answer_alg(DIGEST_SHA256, sha, "00000002", "POST", "/a", "secret"), "POST", "/a", 2003),
                 DIGEST_OK);
}

TEST(malformed_authorization_is_refused)
{
    static const char *bad[] = {"", "username", "username=\"root", "username=\"root\", username=\"root\"",
                                "username=\"root\", realm=\"customhdr\""};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(check(bad[i], "GET", "/", 1000), DIGEST_BAD);
}

/* An htdigest file keeps H(user:realm:password), not the password: the same answers are judged
   from it, for the one algorithm it was made with, under the same nonce rules. */
static int check_ha1(const char *v, int alg, const char *ha1, long now)
{
    return digest_check_ha1(&d, v, strlen(v), "POST", 4, "/a", 2, "customhdr", "root", alg, ha1,
                            (time_t)now);
}

TEST(a_stored_ha1_stands_for_the_password_of_its_algorithm)
{
    char ch[256], md5[DIGEST_NONCE_LEN + 1], sha[DIGEST_NONCE_LEN + 1], ha1[65], upper[33];
    size_t i;
    h(DIGEST_MD5, "root:customhdr:secret", ha1);
    for (i = 0; i < 33; i++) upper[i] = (char)(ha1[i] >= 'a' && ha1[i] <= 'f' ? ha1[i] - 32 : ha1[i]);
    CHECK(digest_challenge(&d, DIGEST_MD5, "customhdr", 0, 3000, ch, sizeof ch) > 0);
    CHECK(nonce_of(ch, md5));
    CHECK(digest_challenge(&d, DIGEST_SHA256, "customhdr", 0, 3000, ch, sizeof ch) > 0);
    CHECK(nonce_of(ch, sha));
    CHECK_EQ_INT(check_ha1(answer(md5, "00000001", "POST", "/a", "secret"), DIGEST_MD5, ha1, 3001),
                 DIGEST_OK);
    /* htdigest(1) writes lowercase hex; a file edited to uppercase means the same HA1 */
    CHECK_EQ_INT(check_ha1(answer(md5, "00000002", "POST", "/a", "secret"), DIGEST_MD5, upper, 3001),
                 DIGEST_OK);
    CHECK_EQ_INT(check_ha1(answer(md5, "00000002", "POST", "/a", "secret"), DIGEST_MD5, ha1, 3001),
                 DIGEST_BAD); /* replayed */
    CHECK_EQ_INT(check_ha1(answer(md5, "00000003", "POST", "/a", "wrong"), DIGEST_MD5, ha1, 3001),
                 DIGEST_BAD);
    /* an MD5 HA1 cannot check a SHA-256 answer, even the right one */
    CHECK_EQ_INT(check_ha1(answer_alg(DIGEST_SHA256, sha, "00000001", "POST", "/a", "secret"),
                           DIGEST_MD5, ha1, 3001), DIGEST_BAD);
    CHECK_EQ_INT(check_ha1(answer(md5, "00000004", "POST", "/a", "secret"), DIGEST_MD5, "abc", 3001),
                 DIGEST_BAD);
    CHECK_EQ_INT(check_ha1(answer(md5, "00000004", "POST", "/a", "secret"), DIGEST_MD5, ha1,
                           3000 + DIGEST_NONCE_TTL + 1), DIGEST_STALE);
}

TEST(the_username_names_the_account_to_look_up)
{
    static const char v[] = "realm=\"customhdr\", username=\"operator\", nonce=\"x\"";
    static const char tok[] = "username=admin, realm=\"customhdr\"";
    static const char esc[] = "username=\"a\\\"b\", realm=\"customhdr\"";
    const char *u;
    CHECK_EQ_INT((int)digest_user(v, sizeof v - 1, &u), 8);
    CHECK(u && memcmp(u, "operator", 8) == 0);
    CHECK_EQ_INT((int)digest_user(tok, sizeof tok - 1, &u), 5);
    CHECK(u && memcmp(u, "admin", 5) == 0);
    CHECK_EQ_INT((int)digest_user(esc, sizeof esc - 1, &u), 0);
    CHECK(u == NULL);
    CHECK_EQ_INT((int)digest_user("realm=\"customhdr\"", 17, &u), 0);
    CHECK_EQ_INT((int)digest_user("username=\"root", 14, &u), 0);
}

int main(void)
{
    if (digest_init(&d) != 0) {
        printf("cannot read /dev/urandom\n0 passed, 1 failed\n");
        return 1;
    }
    RUN(md5_rfc1321_vectors);
    RUN(sha256_fips180_vectors);
    RUN(rfc7616_md5_and_sha256_responses);
    RUN(rfc2617_example_md5_without_algorithm);
    RUN(issued_nonces_count_and_expire);
    RUN(nonce_counts_out_of_order_are_taken_once);
    RUN(a_nonce_is_bound_to_its_challenges_algorithm);
    RUN(malformed_authorization_is_refused);
    RUN(a_stored_ha1_stands_for_the_password_of_its_algorithm);
    RUN(the_username_names_the_account_to_look_up);
    return tt_summary();
}
