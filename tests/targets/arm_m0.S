/* arm_m0.S - start-up for the target script on a Cortex-M0 (qemu-system-arm -M microbit):
 * the vector table, the reset handler that copies .data and clears .bss, a fault handler, the
 * stack painter and the semihosting trap. ARMv6-M Thumb only. Symbols from microbit.ld. */
    .syntax unified
    .cpu cortex-m0
    .thumb

/* what an unused stack word holds; port_semihost.c looks for the same value */
    .equ STACK_PAINT, 0x5eed5eed

    .section .vectors, "a", %progbits
    .word __stack_top
    .word reset
    .word fault             /* NMI */
    .word fault             /* HardFault: every fault on an M0, unaligned accesses included */
    .rept 12
    .word fault
    .endr

    .text
    .global reset
    .thumb_func
    .type reset, %function
reset:
    ldr r0, =__data_start
    ldr r1, =__data_end
    ldr r2, =__data_load
1:  cmp r0, r1
    bhs 2f
    ldr r3, [r2]
    str r3, [r0]
    adds r0, #4
    adds r2, #4
    b 1b
2:  ldr r0, =__bss_start
    ldr r1, =__bss_end
    movs r3, #0
3:  cmp r0, r1
    bhs 4f
    str r3, [r0]
    adds r0, #4
    b 3b
4:  bl target_main
5:  b 5b

/* The stack the fault was taken on may be the problem, so the report runs on a fresh one; the
   old stack pointer goes along for the faulting pc. */
    .thumb_func
    .type fault, %function
fault:
    mrs r0, msp
    ldr r1, =__stack_top
    mov sp, r1
    bl target_fault
6:  b 6b

/* uintptr_t port_stack_paint(void): paints [__stack_bottom, sp) and returns sp. A leaf that
   touches no stack, so sp is the caller's. */
    .global port_stack_paint
    .thumb_func
    .type port_stack_paint, %function
port_stack_paint:
    ldr r0, =__stack_bottom
    ldr r1, =STACK_PAINT
    mov r2, sp
7:  cmp r0, r2
    bhs 8f
    str r1, [r0]
    adds r0, #4
    b 7b
8:  mov r0, sp
    bx lr

/* uintptr_t target_semihost(uintptr_t op, void *arg): one semihosting call, its result */
    .global target_semihost
    .thumb_func
    .type target_semihost, %function
target_semihost:
    bkpt 0xab
    bx lr

    .pool
