/* lwipopts.h for compiling customhdr_lwip.c against lwIP 2.1's headers (make lwip-example):
   a bare-metal (NO_SYS) raw-API configuration with the httpd options the glue needs. A real
   port keeps its own lwipopts.h and adds the LWIP_HTTPD_* lines below. */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS 1
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_TCP 1
#define LWIP_CALLBACK_API 1
#define MEM_ALIGNMENT 4

/* what customhdr_lwip.c needs */
#define LWIP_HTTPD_CUSTOM_FILES 1
#define LWIP_HTTPD_DYNAMIC_FILE_READ 1
#define LWIP_HTTPD_DYNAMIC_HEADERS 0
#define LWIP_HTTPD_SUPPORT_POST 1
#define LWIP_HTTPD_SUPPORT_V09 0
#define LWIP_HTTPD_FS_ASYNC_READ 0
/* answer malformed requests (400) and other methods (501) instead of closing silently */
#define LWIP_HTTPD_SUPPORT_EXTSTATUS 1

#endif
