/* The bad requests of tests/test_voice.sh put to the lwIP glue (examples/lwip/customhdr_lwip.c)
   the way lwIP 2.1's httpd.c puts them: a GET opens its URI, another method opens /501.html
   (httpd refuses it before it reads the URI), a POST goes through httpd_post_begin,
   httpd_post_receive_data and httpd_post_finished, and the response URI they name is opened and
   read. Prints one line per request, "NAME STATUS|CONTENT-TYPE|BODY", as test_voice.sh records
   every other example's answers (a line end in a body written as \n). */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "customhdr_lwip.h"

#include "lwip/apps/fs.h"
#include "lwip/apps/httpd.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"

#include <stdio.h>
#include <string.h>

int fs_open_custom(struct fs_file *file, const char *name);
int fs_read_custom(struct fs_file *file, char *buffer, int count);
void fs_close_custom(struct fs_file *file);

u8_t pbuf_free(struct pbuf *p)
{
    (void)p;
    return 1;
}

u32_t sys_now(void)
{
    return 0;
}

static chdr_table table;
static int conn;
#define CREDENTIALS "cm9vdDpwYXNz" /* base64("root:pass") */

/* Opens and reads one response as httpd does, and prints it. */
static void answer(const char *what, const char *uri)
{
    static char got[CHDR_RESPONSE_MAX + CHDR_LWIP_HEAD_MAX + 1];
    struct fs_file f;
    size_t len = 0;
    int n;
    const char *body, *type, *end;
    memset(&f, 0, sizeof f);
    if (!fs_open_custom(&f, uri)) {
        printf("%s none|none|\n", what);
        return;
    }
    while (f.index < f.len && (n = fs_read_custom(&f, got + len, 100)) > 0) len += (size_t)n;
    got[len] = '\0';
    fs_close_custom(&f);
    body = strstr(got, "\r\n\r\n");
    type = strstr(got, "\r\nContent-Type: ");
    body = body ? body + 4 : "";
    if (type) {
        type += 16;
        end = strstr(type, "\r\n");
    } else {
        type = end = "";
    }
    printf("%s %.3s|%.*s|", what, got + 9, (int)(end - type), type);
    for (; *body; body++) {
        if (*body == '\n') fputs("\\n", stdout);
        else if (*body == '\r') fputs("\\r", stdout);
        else putchar(*body);
    }
    putchar('\n');
}

/* A POST of body with the given request head, as httpd hands it over. */
static void post(const char *what, const char *head, const char *body, size_t len)
{
    char uri[64] = "";
    u8_t wnd = 1;
    struct pbuf p;
    if (httpd_post_begin(&conn, CHDR_LWIP_API_URI, head, (u16_t)strlen(head), (int)len, uri,
                         sizeof uri, &wnd) == ERR_OK) {
        if (len > 0) {
            memset(&p, 0, sizeof p);
            p.payload = (void *)(size_t)body;
            p.len = p.tot_len = (u16_t)len;
            httpd_post_receive_data(&conn, &p);
        }
        httpd_post_finished(&conn, uri, sizeof uri);
    }
    answer(what, uri);
}

#define HEAD " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
#define AUTH "Authorization: Basic " CREDENTIALS "\r\n"

int main(void)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    static char big[5000];
    static const char list[] = "{\"apiVersion\":\"1.0\",\"method\":\"list\"}";
    chdr_init(&table);
    chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
    chdr_lwip_init(&table, NULL, 0, CREDENTIALS);
    memset(big, ' ', sizeof big);

    answer("get", CHDR_LWIP_API_URI);
    answer("put", "/501.html");
    post("noauth", HEAD, list, sizeof list - 1);
    post("badauth", HEAD "Authorization: Basic cm9vdDp3cm9uZw==\r\n", list, sizeof list - 1);
    post("big", HEAD AUTH, big, sizeof big);
    post("empty", HEAD AUTH, "", 0);
    post("notjson", HEAD AUTH, "hello", 5);
    post("xsite", HEAD AUTH "Origin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\n", list,
         sizeof list - 1);
    return 0;
}
