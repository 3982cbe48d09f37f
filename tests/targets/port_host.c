/* port_host.c - the target script on the build machine: the transcript on stdout, notes on
 * stderr, no stack figures (a hosted process's stack is not ours to paint). */
#include <stdio.h>

#include "port.h"

void port_out(const char *s, size_t n) { fwrite(s, 1, n, stdout); }
void port_note(const char *s, size_t n) { fwrite(s, 1, n, stderr); }
uintptr_t port_stack_paint(void) { return 0; }
uintptr_t port_stack_low(void) { return 0; }

int main(void)
{
    int ok = script_run();
    return fflush(stdout) == 0 && ok ? 0 : 1;
}
