/* rv32.S - start-up for the target script on an rv32imac core (qemu-system-riscv32 -M sifive_e):
 * the entry the boot ROM jumps to, .data and .bss set up, a trap handler, the stack painter and
 * the semihosting trap. Symbols from sifive_e.ld. */
    .equ STACK_PAINT, 0x5eed5eed /* what an unused stack word holds, as in port_semihost.c */

    .section .text.start, "ax"
    .global _start
_start:
    la sp, __stack_top
    la t0, trap
    csrw mtvec, t0
    la t0, __data_start
    la t1, __data_end
    la t2, __data_load
1:  bgeu t0, t1, 2f
    lw t3, 0(t2)
    sw t3, 0(t0)
    addi t0, t0, 4
    addi t2, t2, 4
    j 1b
2:  la t0, __bss_start
    la t1, __bss_end
3:  bgeu t0, t1, 4f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 3b
4:  call target_main
5:  j 5b

/* Any trap is a failure: report it on a fresh stack (the old one may be why) and stop. */
    .balign 4
trap:
    la sp, __stack_top
    csrr a0, mcause
    csrr a1, mepc
    call target_fault
6:  j 6b

    .text
/* uintptr_t port_stack_paint(void): paints [__stack_bottom, sp) and returns sp. A leaf that
   touches no stack, so sp is the caller's. */
    .global port_stack_paint
port_stack_paint:
    la t0, __stack_bottom
    li t1, STACK_PAINT
7:  bgeu t0, sp, 8f
    sw t1, 0(t0)
    addi t0, t0, 4
    j 7b
8:  mv a0, sp
    ret

/* uintptr_t target_semihost(uintptr_t op, void *arg): one semihosting call. The debugger
   recognises the ebreak by the two instructions around it, all three uncompressed and on one
   page. */
    .global target_semihost
    .balign 16
target_semihost:
    .option push
    .option norvc
    slli zero, zero, 0x1f
    ebreak
    srai zero, zero, 7
    .option pop
    ret
