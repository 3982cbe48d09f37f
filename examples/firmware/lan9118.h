/* lan9118.h - the SMSC LAN9118 Ethernet controller as an lwIP netif (NO_SYS, polled) */
#ifndef LAN9118_H
#define LAN9118_H

#include "lwip/netif.h"

#define LAN9118_BASE 0x40200000u /* where the AN385 image (and QEMU's model) puts it */

/* netif_add's init function: resets the controller and starts it with the MAC address its
   EEPROM holds. ERR_IF when no LAN9118 answers at LAN9118_BASE. */
err_t lan9118_init(struct netif *netif);
/* Hands every frame received since the last call to netif->input; call it from the main loop
   (the controller's interrupt only wakes the CPU up). */
void lan9118_poll(struct netif *netif);

#endif
