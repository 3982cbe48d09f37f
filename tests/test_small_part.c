/* test_small_part.c - the small-part configuration (bench/small_part.h, README "RAM") holds what
   it promises: the four AXIS OS defaults and a 60-byte Access-Control-Allow-Origin, a set of all
   five in one request, and every response streamed through a 256-byte window. */
#include "bench/small_part.h"
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "tinytest.h"

#define ORIGIN "https://provisioning.example.com:8443/device-admin/012345678" /* 60 bytes */
#define SET_ALL                                                                                  \
    "{\"apiVersion\":\"1.1\",\"context\":\"3f1c2a9e-6b7d-4e2f-9a10-1c2d3e4f5a6b\",\"method\":\"set\"," \
    "\"params\":{\"X-Frame-Options\":\"SAMEORIGIN\",\"X-Content-Type-Options\":\"nosniff\","      \
    "\"Referrer-Policy\":\"strict-origin-when-cross-origin\",\"Content-Security-Policy\":"        \
    "\"default-src 'self'; frame-ancestors 'self'; object-src 'none'\","                          \
    "\"Access-Control-Allow-Origin\":\"" ORIGIN "\"}}"

static chdr_table t;
static chdr_call call;

/* The response of the run in call, through a 256-byte window; 1 when it reads back whole. */
static int streams_whole(size_t len, char *into)
{
    char window[256];
    size_t off = 0, n = 0;
    while (off < len) {
        if (chdr_write(&call, off, window, sizeof window, &n) != CHDR_OK || n == 0) return 0;
        memcpy(into + off, window, n);
        off += n;
    }
    return off == len;
}

TEST(test_small_part_holds_the_defaults_and_an_origin)
{
    static const chdr_pair d[] = CHDR_AXIS_DEFAULTS;
    static char whole[CHDR_RESPONSE_MAX];
    size_t len, block_len;
    const char *block;
    CHECK(sizeof ORIGIN - 1 == 60);
    CHECK(sizeof SET_ALL - 1 <= CHDR_REQUEST_MAX);
    chdr_init(&t);
    CHECK_EQ_INT(chdr_install(&t, d, CHDR_AXIS_DEFAULTS_COUNT), CHDR_OK);
    /* the whole configuration in one set request, streamed back */
    len = chdr_run(&t, &call, SET_ALL, sizeof SET_ALL - 1);
    CHECK(len <= CHDR_RESPONSE_MAX && streams_whole(len, whole));
    CHECK(len > 0 && memmem(whole, len, "\"data\":{", 8) != NULL && memmem(whole, len, ORIGIN, 60) != NULL);
    CHECK_EQ_INT(chdr_count(&t), 5);
    block = chdr_block(&t, &block_len);
    CHECK(block_len >= 60 && memmem(block, block_len, "Access-Control-Allow-Origin: " ORIGIN "\r\n", 89) != NULL);
    /* the list of all five, streamed */
#define LIST "{\"apiVersion\":\"1.1\",\"method\":\"list\"}"
#define SIXTH "{\"apiVersion\":\"1.1\",\"method\":\"set\",\"params\":{\"X-Six\":\"6\"}}"
    len = chdr_run(&t, &call, LIST, sizeof LIST - 1);
    CHECK(streams_whole(len, whole) && memmem(whole, len, ORIGIN, 60) != NULL);
    /* and a sixth header is refused as the limit it is */
    len = chdr_run(&t, &call, SIXTH, sizeof SIXTH - 1);
    CHECK(streams_whole(len, whole) && memmem(whole, len, "\"code\":1100", 11) != NULL);
    CHECK_EQ_INT(chdr_count(&t), 5);
}

int main(void)
{
    RUN(test_small_part_holds_the_defaults_and_an_origin);
    return tt_summary();
}
