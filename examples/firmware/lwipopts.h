/* lwipopts.h - lwIP 2.1 for the firmware: bare metal (NO_SYS, raw API, one main loop, no
   lwIP call from an interrupt), IPv4 with a static address, TCP for httpd and nothing else.
   The pools are sized for a handful of browser or curl connections at once. */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0 /* lwIP runs in the main loop only */
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1 /* answers ping */
#define LWIP_RAW 0
#define LWIP_UDP 0 /* a static address needs no DHCP, hence no UDP */
#define LWIP_TCP 1
#define LWIP_DHCP 0
#define LWIP_STATS 0
#define LWIP_NETIF_LINK_CALLBACK 0

#define MEM_ALIGNMENT 4
#define MEM_SIZE (12 * 1024) /* lwIP's own heap: httpd's connection states and send buffers */
#define PBUF_POOL_SIZE 12
#define MEMP_NUM_PBUF 16
#define MEMP_NUM_TCP_PCB 4 /* = CHDR_LWIP_FILES: each connection can have a response open */
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_SND_QUEUELEN 16
#define MEMP_NUM_TCP_SEG 16

/* httpd: what customhdr_lwip.c needs (see examples/lwip/README.md) */
#define LWIP_HTTPD_CUSTOM_FILES 1
#define LWIP_HTTPD_DYNAMIC_FILE_READ 1
#define LWIP_HTTPD_DYNAMIC_HEADERS 0
#define LWIP_HTTPD_SUPPORT_POST 1
#define LWIP_HTTPD_SUPPORT_V09 0
#define LWIP_HTTPD_FS_ASYNC_READ 0
#define LWIP_HTTPD_SUPPORT_EXTSTATUS 1
#define LWIP_HTTPD_CGI 0
#define LWIP_HTTPD_SSI 0
#define HTTPD_FSDATA_FILE "fw_fsdata.c"

#endif
