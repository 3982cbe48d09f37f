/* test_policy.c - a forbidden-name policy of the firmware's own (CHDR_FORBIDDEN) replaces the
   default list and sees each name decoded, whatever escapes the request used. This one refuses
   names that begin with "X-Internal-" (ASCII case ignored) and nothing else. */
#include <stddef.h>
static int policy_calls;
static int internal_name(const char *name, size_t len)
{
    static const char p[] = "x-internal-";
    size_t i;
    policy_calls++;
    if (len < sizeof p - 1) return 0;
    for (i = 0; i < sizeof p - 1; i++)
        if ((name[i] | 0x20) != p[i]) return 0;
    return 1;
}
#define CHDR_FORBIDDEN(name, len) internal_name(name, len)
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "tinytest.h"

static chdr_table t;

static int answers(const char *req, const char *part)
{
    static char out[CHDR_RESPONSE_MAX];
    size_t n = chdr_handle(&t, req, strlen(req), out, sizeof out);
    return n <= sizeof out && memmem(out, n, part, strlen(part)) != NULL;
}

TEST(test_policy_replaces_the_default_list)
{
    chdr_init(&t);
    /* the firmware's policy refuses its names, decoded before it sees them */
    CHECK_EQ_INT(chdr_set(&t, "X-Internal-Id", 13, "1", 1), CHDR_ERR_INVALID);
    CHECK(answers("{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-\\u0049nternal-Id\":\"1\"}}",
                  "is a header the server owns"));
    CHECK_EQ_INT(chdr_count(&t), 0);
    /* and only those: the default list no longer applies */
    CHECK_EQ_INT(chdr_set(&t, "Location", 8, "/x", 2), CHDR_OK);
    CHECK(answers("{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"Content-Length\":\"1\"}}",
                  "\"data\":{\"Content-Length\":\"1\"}"));
    CHECK_EQ_INT(chdr_count(&t), 2);
    CHECK(policy_calls > 0);
}

int main(void)
{
    RUN(test_policy_replaces_the_default_list);
    return tt_summary();
}
