/* port.h - what the target script (script.c) needs from the machine it runs on.
 *
 * Two channels: the transcript, which the check compares byte for byte between the host and
 * each emulated core, and notes (stack figures, failures), which differ by machine and are
 * never compared. port_host.c implements them with stdio; port_semihost.c with semihosting
 * on the bare-metal images (arm_m0.S, rv32.S). */
#ifndef TARGETS_PORT_H
#define TARGETS_PORT_H

#include <stddef.h>
#include <stdint.h>

void port_out(const char *s, size_t n);
void port_note(const char *s, size_t n);

/* Fills the stack below the caller's frame with a pattern and returns the caller's stack
   pointer; port_stack_low then gives the lowest address written since. 0 from both where the
   port cannot measure (the host). */
uintptr_t port_stack_paint(void);
uintptr_t port_stack_low(void);

/* The script's entry point: returns 1 when every step answered as the contract says. */
int script_run(void);

#endif
