/* arch/cc.h for the compile check: a hosted C99 compiler, so lwIP's defaults (stdint types,
   printf diagnostics) apply; the assert is made silent. */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { } while (0)

/* the saved interrupt state of SYS_ARCH_PROTECT, which every port defines */
typedef unsigned int sys_prot_t;

#endif
