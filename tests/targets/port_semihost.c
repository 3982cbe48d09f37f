/* port_semihost.c - the target script on bare metal: the transcript and the notes through
 * semihosting (the debugger's, here QEMU's, stdout and stderr), the stack measured by painting,
 * the verdict as the emulator's exit status. Our own few semihosting calls rather than a C
 * library's: SYS_OPEN, SYS_WRITE and SYS_EXIT are all it takes, and the RISC-V toolchain has
 * no C library. The start-up file (arm_m0.S, rv32.S) supplies target_semihost and
 * port_stack_paint and calls target_main. */
#include "port.h"

#define SYS_OPEN 0x01
#define SYS_WRITE 0x05
#define SYS_EXIT 0x18
/* SYS_EXIT's reasons; QEMU exits with status 0 for the first and 1 for any other */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define ADP_STOPPED_RUNTIME_ERROR 0x20023u
#define STACK_PAINT 0x5eed5eedu /* as in the start-up file */

uintptr_t target_semihost(uintptr_t op, void *arg);
void target_main(void);
void target_fault(uintptr_t a, uintptr_t b);
extern uint32_t __stack_bottom[], __stack_top[];

static uintptr_t handle[2];
static int opened;

/* ":tt" is the console; opened for writing ("w", mode 4) it is stdout, for appending ("a",
   mode 8) stderr */
static void open_console(void)
{
    uintptr_t out[3] = {(uintptr_t)":tt", 4, 3}, err[3] = {(uintptr_t)":tt", 8, 3};
    handle[0] = target_semihost(SYS_OPEN, out);
    handle[1] = target_semihost(SYS_OPEN, err);
    opened = 1;
}

static void write_to(int which, const char *s, size_t n)
{
    uintptr_t args[3];
    if (!opened) open_console();
    args[0] = handle[which];
    args[1] = (uintptr_t)s;
    args[2] = n;
    if (n) target_semihost(SYS_WRITE, args);
}

void port_out(const char *s, size_t n) { write_to(0, s, n); }
void port_note(const char *s, size_t n) { write_to(1, s, n); }

uintptr_t port_stack_low(void)
{
    const uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == STACK_PAINT) p++;
    return (uintptr_t)p;
}

static void stop(int ok)
{
    target_semihost(SYS_EXIT, (void *)(uintptr_t)(ok ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR));
    for (;;) {
    }
}

static void note_hex(uintptr_t v)
{
    static const char digit[] = "0123456789abcdef";
    char buf[2 + 2 * sizeof v];
    size_t i;
    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < 2 * sizeof v; i++) buf[2 + i] = digit[(v >> (4 * (2 * sizeof v - 1 - i))) & 15];
    port_note(buf, sizeof buf);
}

void target_main(void)
{
    int ok = script_run();
    port_note(ok ? "PASS\n" : "FAIL\n", 5);
    stop(ok);
}

/* a: the RISC-V trap cause, or the Cortex-M0 stack pointer at the fault; b: the RISC-V pc */
void target_fault(uintptr_t a, uintptr_t b)
{
#if defined(__arm__)
    const uintptr_t *frame = (const uintptr_t *)a;
    /* the exception frame holds the faulting pc in its seventh word, if the frame is in RAM */
    if (a >= (uintptr_t)__stack_bottom && a + 32 <= (uintptr_t)__stack_top) b = frame[6];
    else b = 0;
    a = 3; /* HardFault */
#endif
    port_note("FAULT: cause ", 13);
    note_hex(a);
    port_note(" pc ", 4);
    note_hex(b);
    port_note("\n", 1);
    stop(0);
}
