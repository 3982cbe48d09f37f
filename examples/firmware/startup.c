/* startup.c - reset, exception vectors, the clock and the UART console for the firmware on
   QEMU's mps2-an385. QEMU loads the ELF image into ZBT SSRAM1 at 0x0, the Cortex-M3 fetches
   its stack pointer and reset address from the table at 0x0 (VTOR's reset value), and RAM is
   ZBT SSRAM2/3 at 0x20000000 (see mps2.ld). */
#include "board.h"

#include <string.h>

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _sstack[], _estack[];
int main(void);

/* System control space (ARMv7-M ARM, B3.2 and B3.3) */
#define SYST_CSR BOARD_REG(0xE000E010u)
#define SYST_RVR BOARD_REG(0xE000E014u)
#define SYST_CVR BOARD_REG(0xE000E018u)
#define NVIC_ISER0 BOARD_REG(0xE000E100u)
#define NVIC_ICER0 BOARD_REG(0xE000E180u)
#define NVIC_ICPR0 BOARD_REG(0xE000E280u)
/* CMSDK APB timer 0: the clock */
#define TIMER0_CTRL BOARD_REG(0x40000000u)
#define TIMER0_VALUE BOARD_REG(0x40000004u)
#define TIMER0_RELOAD BOARD_REG(0x40000008u)
/* CMSDK APB UART0 */
#define UART0_DATA BOARD_REG(0x40004000u)
#define UART0_STATE BOARD_REG(0x40004004u)
#define UART0_CTRL BOARD_REG(0x40004008u)
#define UART0_BAUDDIV BOARD_REG(0x40004010u)
#define ETH_IRQ 13u /* the LAN9118's line on the AN385 */

void board_reset(void);
static void on_fault(void);
static void on_systick(void);
static void on_eth(void);

/* The stack pointer, then the handlers from Reset (exception 1) to the last IRQ used. */
struct vector_table {
    uint32_t *sp;
    void (*handler[15 + ETH_IRQ + 1])(void);
};

__attribute__((section(".vectors"), used)) static const struct vector_table vectors = {
    _estack,
    {
        board_reset, on_fault /* NMI */, on_fault /* HardFault */, on_fault /* MemManage */,
        on_fault /* BusFault */, on_fault /* UsageFault */, NULL, NULL, NULL, NULL,
        on_fault /* SVCall */, on_fault /* DebugMonitor */, NULL, on_fault /* PendSV */,
        on_systick,
        /* IRQ 0 to 12 are not enabled; IRQ 13 is the LAN9118 */
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, on_eth,
    },
};

#define STACK_PAINT 0x5741434bu

void board_reset(void)
{
    uint32_t *w;
    /* paint the stack below this frame, so that board_stack_used can find the deepest use */
    for (w = _sstack; (uintptr_t)w + 256u < (uintptr_t)_estack; w++)
        *w = STACK_PAINT;
    memcpy(_sdata, _sidata, (size_t)((char *)_edata - (char *)_sdata));
    memset(_sbss, 0, (size_t)((char *)_ebss - (char *)_sbss));
    UART0_BAUDDIV = BOARD_SYSCLK_HZ / 115200u;
    UART0_CTRL = 1u; /* transmit only */
    /* timer 0 counts down from 2^32 - 1 at 25 MHz, round and round, with no interrupt */
    TIMER0_RELOAD = 0xffffffffu;
    TIMER0_CTRL = 1u;
    /* SysTick only wakes the main loop every millisecond */
    SYST_RVR = BOARD_SYSCLK_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enabled */
    /* the LAN9118's line is enabled by the main loop's first board_eth_rearm: from reset the
       controller drives it active low, which the NVIC would take for a pending interrupt */
    main();
    board_panic("main returned");
}

static void on_systick(void)
{
}

/* The driver polls; the interrupt only ends the sleep early. The LAN9118 holds its line up
   until the driver has emptied the receive status FIFO, so the line is masked here and
   board_eth_rearm unmasks it after the main loop has polled. */
static void on_eth(void)
{
    NVIC_ICER0 = 1u << ETH_IRQ;
}

void board_eth_rearm(void)
{
    NVIC_ICPR0 = 1u << ETH_IRQ;
    NVIC_ISER0 = 1u << ETH_IRQ;
}

static void on_fault(void)
{
    board_panic("fault");
}

size_t board_stack_used(void)
{
    const uint32_t *w = _sstack;
    while (w < _estack && *w == STACK_PAINT)
        w++;
    return (size_t)((const char *)_estack - (const char *)w);
}

/* Counted from timer 0 rather than SysTick interrupts: QEMU merges tick interrupts that come
   due while the guest is not running, and under host load a count of them fell 25% behind
   the wall clock. The timer's value is the elapsed time itself. */
uint32_t board_ms(void)
{
    static uint32_t last = 0xffffffffu, cycles, ms;
    uint32_t now = TIMER0_VALUE;
    cycles += last - now; /* it counts down; a wrap in between is 2^32 and cancels out */
    last = now;
    ms += cycles / (BOARD_SYSCLK_HZ / 1000u);
    cycles %= BOARD_SYSCLK_HZ / 1000u;
    return ms;
}

void board_wait(void)
{
    __asm__ volatile("wfi");
}

void con_putn(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] == '\n') {
            while (UART0_STATE & 1u) {
            }
            UART0_DATA = '\r';
        }
        while (UART0_STATE & 1u) { /* transmit buffer full */
        }
        UART0_DATA = (uint8_t)s[i];
    }
}

void con_puts(const char *s)
{
    con_putn(s, strlen(s));
}

void con_putu(uint32_t v)
{
    char digits[10];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    con_putn(digits + i, sizeof digits - i);
}

void board_panic(const char *msg)
{
    __asm__ volatile("cpsid i");
    con_puts("panic: ");
    con_puts(msg);
    con_puts("\n");
    for (;;)
        __asm__ volatile("wfi");
}
