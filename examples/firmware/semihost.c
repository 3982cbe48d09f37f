/* semihost.c - ARM semihosting: the firmware asks the host for its command line and for file
   I/O by executing BKPT 0xAB with an operation number in r0 and a parameter block in r1
   (ARM's "Semihosting for AArch32 and AArch64", operations SYS_OPEN to SYS_GET_CMDLINE).
   QEMU answers it itself when started with -semihosting-config enable=on,target=native. */
#include "board.h"

#include <string.h>

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_SEEK 0x0A
#define SYS_FLEN 0x0C
#define SYS_RENAME 0x0F
#define SYS_GET_CMDLINE 0x15

static int call(int op, void *block)
{
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = block;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

int sh_cmdline(char *buf, size_t cap)
{
    uint32_t block[2];
    block[0] = (uint32_t)(uintptr_t)buf;
    block[1] = (uint32_t)cap;
    return call(SYS_GET_CMDLINE, block) == 0 ? 0 : -1;
}

int sh_open(const char *path, const char *mode)
{
    /* the mode is an index into ISO C's list of fopen modes */
    static const char *const modes[] = {"r", "rb", "r+", "r+b", "w", "wb", "w+", "w+b"};
    uint32_t block[3], i;
    for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(modes[i], mode) == 0)
            break;
    if (i == sizeof modes / sizeof modes[0])
        return -1;
    block[0] = (uint32_t)(uintptr_t)path;
    block[1] = i;
    block[2] = (uint32_t)strlen(path);
    return call(SYS_OPEN, block);
}

int sh_close(int fd)
{
    uint32_t block[1];
    block[0] = (uint32_t)fd;
    return call(SYS_CLOSE, block);
}

size_t sh_read(int fd, void *buf, size_t n)
{
    uint32_t block[3];
    block[0] = (uint32_t)fd;
    block[1] = (uint32_t)(uintptr_t)buf;
    block[2] = (uint32_t)n;
    return (size_t)(unsigned)call(SYS_READ, block);
}

size_t sh_write(int fd, const void *buf, size_t n)
{
    uint32_t block[3];
    block[0] = (uint32_t)fd;
    block[1] = (uint32_t)(uintptr_t)buf;
    block[2] = (uint32_t)n;
    return (size_t)(unsigned)call(SYS_WRITE, block);
}

int sh_seek(int fd, size_t pos)
{
    uint32_t block[2];
    block[0] = (uint32_t)fd;
    block[1] = (uint32_t)pos;
    return call(SYS_SEEK, block);
}

long sh_flen(int fd)
{
    uint32_t block[1];
    block[0] = (uint32_t)fd;
    return (long)call(SYS_FLEN, block);
}

int sh_rename(const char *from, const char *to)
{
    uint32_t block[4];
    block[0] = (uint32_t)(uintptr_t)from;
    block[1] = (uint32_t)strlen(from);
    block[2] = (uint32_t)(uintptr_t)to;
    block[3] = (uint32_t)strlen(to);
    return call(SYS_RENAME, block);
}
