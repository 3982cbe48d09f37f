/* arch/cc.h - lwIP's compiler and platform port for the firmware: arm-none-eabi-gcc with
   newlib, bare metal, little-endian (lwIP's defaults for the types and byte order apply). */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include "board.h"

/* no printf on this console: diagnostics are compiled out, a failed assertion stops */
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) board_panic(x)

#endif
