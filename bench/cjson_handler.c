/* The baseline: customhttpheader.cgi written the way most firmware would first write it, with
   cJSON (Debian libcjson-dev). Parse the body into a tree, look the members up, change a plain
   array table, build a response tree and print it with cJSON_PrintUnformatted. It checks what
   docs/behaviour.md asks for on the requests the benchmark sends (versions, method, header name and value
   rules, atomic set), so it does comparable work; it is a yardstick, not a second
   implementation, and it skips what a first version typically skips (duplicate members, the
   forbidden-name list, remove). */
#define _POSIX_C_SOURCE 200809L /* strcasecmp */
#include "bench/bench.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cj_init(cj_table *t)
{
    t->count = 0;
}

static int is_tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_tchar((unsigned char)s[i]))
            return 0;
    return 1;
}

static int valid_value(const char *s)
{
    size_t n = strlen(s);
    if (n > 1024)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 0x21 && c <= 0x7e) || c == ' ' || c == '\t'))
            return 0;
    }
    return n == 0 || (s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t');
}

static int find(const cj_table *t, const char *name)
{
    for (int i = 0; i < t->count; i++)
        if (strcasecmp(t->h[i].name, name) == 0)
            return i;
    return -1;
}

int cj_add(cj_table *t, const char *name, const char *value)
{
    int i = find(t, name);
    if (i < 0) {
        if (t->count == 16)
            return -1;
        i = t->count++;
    }
    strcpy(t->h[i].name, name);
    strcpy(t->h[i].value, value);
    return 0;
}

static cJSON *error(cJSON *resp, int code, const char *message)
{
    cJSON *e = cJSON_AddObjectToObject(resp, "error");
    cJSON_AddNumberToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", message);
    return resp;
}

static cJSON *respond(cj_table *t, const cJSON *req)
{
    cJSON *resp = cJSON_CreateObject();
    const cJSON *api = cJSON_GetObjectItemCaseSensitive(req, "apiVersion");
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(req, "context");
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(req, "method");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(req, "params");
    int supported = cJSON_IsString(api) &&
                    (strcmp(api->valuestring, "1.0") == 0 || strcmp(api->valuestring, "1.1") == 0);

    cJSON_AddStringToObject(resp, "apiVersion", supported ? api->valuestring : "1.0");
    if (cJSON_IsString(ctx))
        cJSON_AddStringToObject(resp, "context", ctx->valuestring);
    if (cJSON_IsString(method))
        cJSON_AddStringToObject(resp, "method", method->valuestring);
    if (method == NULL)
        return error(resp, 2103, "method is missing");
    if (!cJSON_IsString(method))
        return error(resp, 2104, "method is not a string");
    const char *m = method->valuestring;
    if (strcmp(m, "getSupportedVersions") == 0) {
        const char *versions[] = {"1.0", "1.1"};
        cJSON *data = cJSON_AddObjectToObject(resp, "data");
        cJSON_AddItemToObject(data, "apiVersions", cJSON_CreateStringArray(versions, 2));
        return resp;
    }
    if (strcmp(m, "list") != 0 && strcmp(m, "set") != 0)
        return error(resp, 2102, "unknown method");
    if (api == NULL)
        return error(resp, 2103, "apiVersion is missing");
    if (!supported)
        return error(resp, cJSON_IsString(api) ? 2100 : 2104, "apiVersion is not supported");
    if (strcmp(m, "list") == 0) {
        cJSON *data = cJSON_AddObjectToObject(resp, "data");
        for (int i = 0; i < t->count; i++)
            cJSON_AddStringToObject(data, t->h[i].name, t->h[i].value);
        return resp;
    }
    if (!cJSON_IsObject(params) || params->child == NULL)
        return error(resp, 2104, "params is not a non-empty object");
    int room = 16 - t->count;
    const cJSON *p;
    cJSON_ArrayForEach(p, params)
    {
        if (!cJSON_IsString(p) || !valid_name(p->string) || !valid_value(p->valuestring))
            return error(resp, 2104, "invalid header");
        if (find(t, p->string) < 0 && --room < 0)
            return error(resp, 1100, "table full");
    }
    cJSON *data = cJSON_AddObjectToObject(resp, "data");
    cJSON_ArrayForEach(p, params)
    {
        cj_add(t, p->string, p->valuestring);
        cJSON_AddStringToObject(data, p->string, p->valuestring);
    }
    return resp;
}

size_t cj_handle(cj_table *t, const char *req, size_t req_len, char *out, size_t cap)
{
    cJSON *root = cJSON_ParseWithLength(req, req_len);
    cJSON *resp;
    if (root == NULL || !cJSON_IsObject(root)) {
        resp = cJSON_CreateObject();
        cJSON_AddStringToObject(resp, "apiVersion", "1.0");
        error(resp, 2101, "body is not a JSON object");
    } else {
        resp = respond(t, root);
    }
    char *text = cJSON_PrintUnformatted(resp);
    size_t n = text ? strlen(text) : 0;
    if (n <= cap)
        memcpy(out, text, n);
    free(text);
    cJSON_Delete(resp);
    cJSON_Delete(root);
    return n;
}
