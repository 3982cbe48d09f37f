/* board.h - what the firmware uses of QEMU's mps2-an385 (Cortex-M3, ARM AN385 FPGA image):
   a millisecond clock (APB timer 0), the SysTick wake-up, UART0 as the console, the LAN9118's
   interrupt line and ARM semihosting (the host's command line and files, through the
   debugger QEMU plays). */
#ifndef BOARD_H
#define BOARD_H

#include <stddef.h>
#include <stdint.h>

#define BOARD_SYSCLK_HZ 25000000u /* AN385: the CPU and its peripherals run at 25 MHz */

#define BOARD_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* Milliseconds since reset; wraps after 49 days, as lwIP expects. Call it at least every
   171 s (the main loop does, every millisecond): the timer under it wraps that often. Not
   from an interrupt handler. */
uint32_t board_ms(void);
/* The most stack used since reset, in bytes (the stack is painted at reset) */
size_t board_stack_used(void);
/* Sleeps until the next interrupt: the 1 ms tick at the latest. */
void board_wait(void);
/* Lets the LAN9118's interrupt (IRQ 13) end board_wait again, once the driver has polled. */
void board_eth_rearm(void);

/* UART0: text out, nothing in. */
void con_puts(const char *s);
void con_putn(const char *s, size_t n);
void con_putu(uint32_t v);
/* Prints the message and stops the CPU (lwIP's assertions end here). */
void board_panic(const char *msg);

/* ARM semihosting (QEMU -semihosting-config enable=on). Without it the first call is a
   breakpoint nobody answers and the CPU faults, so run.sh always turns it on. */
/* The host's command line into buf (NUL-terminated); 0 on success. */
int sh_cmdline(char *buf, size_t cap);
/* A host file: a handle, or -1. mode is one of ISO C's fopen modes ("rb", "r+b", "w+b"). */
int sh_open(const char *path, const char *mode);
int sh_close(int fd);
/* Bytes left undone: 0 when all were read or written. */
size_t sh_read(int fd, void *buf, size_t n);
size_t sh_write(int fd, const void *buf, size_t n);
int sh_seek(int fd, size_t pos);
/* 0 when the host renamed the file */
int sh_rename(const char *from, const char *to);
/* The file's length, or -1. */
long sh_flen(int fd);

#endif
