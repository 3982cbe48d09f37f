/* main.c - customhdr on a Cortex-M3: QEMU's mps2-an385 with its LAN9118, lwIP 2.1's httpd
   (raw API, NO_SYS) and the glue in examples/lwip. The main loop polls the Ethernet
   controller, runs lwIP's timers and saves the table when the API has changed it; between
   rounds the CPU sleeps until the next interrupt (the 1 ms tick, or a frame arriving).

   The host passes two words on the semihosting command line (run.sh builds it): the base64
   of "user:password" the API's Basic auth must match, and the host file that backs the
   flash pair (optional: without it the table lives in RAM only).

   Persistence: two 4 KB slots at the end of the image's flash region, used as two flash
   sectors would be. A save erases the older slot and writes chdr_save's blob there, with the
   next sequence number; at boot chdr_load_newest takes the newer valid slot. A save never
   touches the slot with the newest good blob, so power lost in the middle loses at most that
   change. Each write is mirrored to the host file through semihosting, and the file is read
   into the slots at boot: it is the flash image that survives QEMU's restart. */
#include "customhdr.h"
#include "customhdr_lwip.h"

#include "board.h"
#include "lan9118.h"
#include "lwip/apps/httpd.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include <string.h>

/* QEMU's user network (slirp): 10.0.2.0/24, gateway and DNS at 10.0.2.2 and .3, and the
   first guest address it would hand out by DHCP */
#define FW_IP(a) IP4_ADDR(a, 10, 0, 2, 15)
#define FW_GW(a) IP4_ADDR(a, 10, 0, 2, 2)
#define FW_MASK(a) IP4_ADDR(a, 255, 255, 255, 0)

#define SLOT_SIZE 4096u
typedef char slot_holds_any_blob[CHDR_BLOB_MAX <= SLOT_SIZE ? 1 : -1];

static chdr_table table;
static struct netif eth;
static char cmdline[512];

__attribute__((section(".flash_slots"))) static unsigned char flash[2][SLOT_SIZE];
static int flash_fd = -1;
static const char *flash_path;
static uint32_t flash_seq;    /* sequence number of the newest blob in the slots */
static unsigned flash_next;   /* the slot the next save erases and writes */
static uint32_t saved_changes; /* chdr_changes() when the slots last matched the table */

static const char index_html[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>customhdr firmware</title></head>\n<body><h1>customhdr on lwIP</h1>\n"
    "<p>lwIP's httpd on a Cortex-M3 (QEMU mps2-an385). Every response carries the headers "
    "of the table; POST to <code>/axis-cgi/customhttpheader.cgi</code> to change them.</p>\n"
    "</body></html>\n";

static const chdr_lwip_page pages[] = {
    {"/index.html", "text/html; charset=utf-8", index_html, sizeof index_html - 1},
};

u32_t sys_now(void)
{
    return board_ms();
}

/* The next word of the command line: NUL-terminated in place, NULL when there is none. */
static char *next_word(char **at)
{
    char *s = *at, *w;
    while (*s == ' ')
        s++;
    if (*s == '\0')
        return NULL;
    w = s;
    while (*s != '\0' && *s != ' ')
        s++;
    if (*s != '\0')
        *s++ = '\0';
    *at = s;
    return w;
}

static int erased(const unsigned char *slot)
{
    size_t i;
    for (i = 0; i < SLOT_SIZE; i++)
        if (slot[i] != 0xffu)
            return 0;
    return 1;
}

/* The host file into the slots (a missing or short file reads as erased flash), then the
   newer valid slot into the table. Neither valid, and not blank: the file is renamed aside,
   never overwritten, and the table keeps the defaults. */
static void flash_load(void)
{
    uint32_t seq = 0;
    int got;
    long len;

    memset(flash, 0xff, sizeof flash);
    flash_next = 0;
    flash_seq = 0;
    if (flash_path == NULL) {
        con_puts("state: RAM only (no state file given)\n");
        return;
    }
    flash_fd = sh_open(flash_path, "r+b");
    if (flash_fd < 0)
        flash_fd = sh_open(flash_path, "w+b");
    if (flash_fd < 0) {
        con_puts("warning: cannot open the state file; the table lives in RAM only\n");
        return;
    }
    len = sh_flen(flash_fd);
    if (len > 0)
        sh_read(flash_fd, flash, (size_t)len < sizeof flash ? (size_t)len : sizeof flash);
    got = chdr_load_newest(&table, flash[0], SLOT_SIZE, flash[1], SLOT_SIZE, &seq);
    con_puts("state file: ");
    con_puts(flash_path);
    if (got >= 0) {
        flash_seq = seq;
        flash_next = (unsigned)got ^ 1u;
        con_puts(" (slot ");
        con_putu((uint32_t)got);
        con_puts(", save ");
        con_putu(seq);
        con_puts(", ");
        con_putu((uint32_t)chdr_count(&table));
        con_puts(" headers)\n");
    } else if (erased(flash[0]) && erased(flash[1])) {
        con_puts(" (blank: the defaults)\n");
    } else {
        static char aside[300];
        size_t n = strlen(flash_path);
        con_puts(" refused (");
        con_puts(chdr_load_reason(got));
        con_puts(")\nwarning: using the defaults; the old file is kept as ");
        if (n + sizeof ".bad" <= sizeof aside) {
            memcpy(aside, flash_path, n);
            memcpy(aside + n, ".bad", sizeof ".bad");
            con_puts(aside);
            con_puts("\n");
            sh_close(flash_fd);
            if (sh_rename(flash_path, aside) == 0)
                flash_fd = sh_open(flash_path, "w+b");
            else
                flash_fd = -1;
        }
        memset(flash, 0xff, sizeof flash);
        if (flash_fd < 0)
            con_puts("warning: cannot set the state file aside; the table lives in RAM only\n");
    }
}

static void flash_save(void)
{
    unsigned char *slot = flash[flash_next];
    memset(slot, 0xff, SLOT_SIZE); /* erase the sector */
    chdr_save(&table, flash_seq + 1u, slot, SLOT_SIZE);
    if (flash_fd >= 0 && (sh_seek(flash_fd, flash_next * SLOT_SIZE) != 0 ||
                          sh_write(flash_fd, slot, SLOT_SIZE) != 0))
        con_puts("warning: the state file could not be written\n");
    con_puts("saved: slot ");
    con_putu(flash_next);
    con_puts(", save ");
    con_putu(flash_seq + 1u);
    con_puts(", ");
    con_putu((uint32_t)chdr_count(&table));
    con_puts(" headers (stack used so far: ");
    con_putu((uint32_t)board_stack_used());
    con_puts(" bytes)\n");
    flash_seq++;
    flash_next ^= 1u;
    saved_changes = chdr_changes(&table);
}

int main(void)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    char *at = cmdline, *credentials;
    ip4_addr_t ip, mask, gw;

    con_puts("\ncustomhdr firmware: QEMU mps2-an385, lwIP " LWIP_VERSION_STRING " httpd\n");
    if (sh_cmdline(cmdline, sizeof cmdline) != 0)
        cmdline[0] = '\0';
    next_word(&at); /* the program's name */
    credentials = next_word(&at);
    flash_path = next_word(&at);

    chdr_init(&table);
    chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT);
    flash_load();
    saved_changes = chdr_changes(&table);
    if (credentials == NULL)
        con_puts("warning: no admin account on the command line; the API refuses everyone\n");

    lwip_init();
    FW_IP(&ip);
    FW_MASK(&mask);
    FW_GW(&gw);
    if (netif_add(&eth, &ip, &mask, &gw, NULL, lan9118_init, ethernet_input) == NULL)
        board_panic("no LAN9118 at 0x40200000");
    netif_set_default(&eth);
    netif_set_up(&eth);
    chdr_lwip_init(&table, pages, sizeof pages / sizeof pages[0], credentials);
    httpd_init();
    con_puts("listening on http://10.0.2.15:80/\n");

    for (;;) {
        lan9118_poll(&eth);
        board_eth_rearm();
        sys_check_timeouts();
        if (chdr_changes(&table) != saved_changes)
            flash_save();
        board_wait();
    }
}
