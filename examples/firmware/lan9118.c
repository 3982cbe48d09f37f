/* lan9118.c - the SMSC LAN9118 (the AN385's LAN9220 as QEMU models it) as an lwIP netif.
   Polled: lan9118_poll drains the receive FIFOs, linkoutput writes each frame straight into
   the transmit FIFO. Register layout and FIFO formats are the LAN9118 datasheet's (SMSC
   DS00002266); QEMU's hw/net/lan9118.c was read for what its model does: PIO only, every
   MAC and PHY access completes at once, and the link is up from reset. */
#include "lan9118.h"

#include "board.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"

#include <string.h>

#define REG(off) BOARD_REG(LAN9118_BASE + (off))
#define RX_DATA REG(0x00)
#define TX_DATA REG(0x20)
#define RX_STATUS REG(0x40)
#define TX_STATUS REG(0x48)
#define IRQ_CFG REG(0x54)
#define INT_STS REG(0x58)
#define INT_EN REG(0x5c)
#define BYTE_TEST REG(0x64)
#define RX_CFG REG(0x6c)
#define TX_CFG REG(0x70)
#define HW_CFG REG(0x74)
#define RX_FIFO_INF REG(0x7c)
#define TX_FIFO_INF REG(0x80)
#define PMT_CTRL REG(0x84)
#define MAC_CSR_CMD REG(0xa4)
#define MAC_CSR_DATA REG(0xa8)

#define MAC_CR 1u
#define MAC_ADDRH 2u
#define MAC_ADDRL 3u
#define MAC_MII_ACC 6u
#define MAC_MII_DATA 7u

#define CSR_BUSY 0x80000000u
#define CSR_READ 0x40000000u
#define MAC_CR_FDPX 0x00100000u
#define MAC_CR_TXEN 0x00000008u
#define MAC_CR_RXEN 0x00000004u
#define INT_RSFL 0x00000008u       /* receive status FIFO above its level (0: not empty) */
#define IRQ_EN_HIGH_PUSHPULL 0x111u /* IRQ_EN, active high, push-pull */
#define TX_ON_SAO 0x6u              /* transmitter on; a full status FIFO does not stop it */
#define RX_STS_ERROR 0x00008000u
#define TX_FIRST_LAST 0x00003000u

#define FRAME_MAX 1514u /* without the CRC, which the controller adds and checks */
#define SPIN 100000u    /* bound on every wait for the controller */

static int mac_wait(void)
{
    uint32_t n;
    for (n = 0; n < SPIN; n++)
        if (!(MAC_CSR_CMD & CSR_BUSY))
            return 0;
    return -1;
}

static uint32_t mac_read(uint32_t reg)
{
    MAC_CSR_CMD = CSR_BUSY | CSR_READ | reg;
    mac_wait();
    return MAC_CSR_DATA;
}

static void mac_write(uint32_t reg, uint32_t value)
{
    MAC_CSR_DATA = value;
    MAC_CSR_CMD = CSR_BUSY | reg;
    mac_wait();
}

/* A register of the internal PHY (address 1) through the MAC's MII port */
static uint32_t phy_read(uint32_t reg)
{
    uint32_t n;
    mac_write(MAC_MII_ACC, (1u << 11) | (reg << 6) | 1u);
    for (n = 0; n < SPIN && (mac_read(MAC_MII_ACC) & 1u); n++) {
    }
    return mac_read(MAC_MII_DATA) & 0xffffu;
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
    const struct pbuf *q;
    uint32_t word = 0, n;
    unsigned fill = 0;
    u16_t i;

    LWIP_UNUSED_ARG(netif);
    if (p->tot_len > FRAME_MAX)
        return ERR_BUF;
    /* TX_FIFO_INF's low half is the free space of the data FIFO, in bytes */
    for (n = 0; n < SPIN && (TX_FIFO_INF & 0xffffu) < (uint32_t)p->tot_len + 8u; n++) {
    }
    if (n == SPIN)
        return ERR_MEM;
    /* one buffer, first and last segment of its frame: command A, command B, the data */
    TX_DATA = TX_FIRST_LAST | p->tot_len;
    TX_DATA = p->tot_len;
    for (q = p; q != NULL; q = q->next) {
        const u8_t *b = (const u8_t *)q->payload;
        for (i = 0; i < q->len; i++) {
            word |= (uint32_t)b[i] << (8u * fill);
            if (++fill == 4u) {
                TX_DATA = word;
                word = 0;
                fill = 0;
            }
        }
    }
    if (fill != 0)
        TX_DATA = word;
    /* nothing reads the transmit status: drop it so that the FIFO never fills */
    while ((TX_FIFO_INF >> 16) & 0xffu)
        (void)TX_STATUS;
    return ERR_OK;
}

static void discard(uint32_t words)
{
    while (words-- > 0)
        (void)RX_DATA;
}

void lan9118_poll(struct netif *netif)
{
    while ((RX_FIFO_INF >> 16) & 0xffu) {
        uint32_t status = RX_STATUS;
        uint32_t len = (status >> 16) & 0x3fffu; /* with the 4-byte CRC */
        uint32_t words = (len + 3u) / 4u, off;
        struct pbuf *p = NULL;

        if (!(status & RX_STS_ERROR) && len > 4u && len - 4u <= FRAME_MAX)
            p = pbuf_alloc(PBUF_RAW, (u16_t)(len - 4u), PBUF_POOL);
        if (p == NULL) {
            discard(words);
            continue;
        }
        for (off = 0; off < len - 4u; off += 4u) {
            uint32_t w = RX_DATA;
            u16_t take = (u16_t)(len - 4u - off < 4u ? len - 4u - off : 4u);
            pbuf_take_at(p, &w, take, (u16_t)off); /* the FIFO is little-endian, as is the CPU */
            words--;
        }
        discard(words); /* the CRC */
        if (netif->input(p, netif) != ERR_OK)
            pbuf_free(p);
    }
    INT_STS = INT_RSFL;
}

err_t lan9118_init(struct netif *netif)
{
    uint32_t lo, hi, n;

    if (BYTE_TEST != 0x87654321u)
        return ERR_IF;
    HW_CFG = 1u; /* soft reset */
    for (n = 0; n < SPIN && (HW_CFG & 1u); n++) {
    }
    for (n = 0; n < SPIN && !(PMT_CTRL & 1u); n++) { /* READY */
    }
    if (n == SPIN)
        return ERR_IF;

    /* the address the reset loaded from the EEPROM (QEMU: -nic ...,mac=) */
    lo = mac_read(MAC_ADDRL);
    hi = mac_read(MAC_ADDRH);
    netif->hwaddr_len = ETH_HWADDR_LEN;
    for (n = 0; n < 4u; n++)
        netif->hwaddr[n] = (u8_t)(lo >> (8u * n));
    netif->hwaddr[4] = (u8_t)hi;
    netif->hwaddr[5] = (u8_t)(hi >> 8);

    RX_CFG = 0;      /* frames start at the first byte of a word, no padding */
    TX_CFG = TX_ON_SAO;
    /* own address and broadcast only; full duplex, as QEMU's PHY reports */
    mac_write(MAC_CR, MAC_CR_FDPX | MAC_CR_TXEN | MAC_CR_RXEN);
    INT_STS = 0xffffffffu;
    INT_EN = INT_RSFL;
    IRQ_CFG = IRQ_EN_HIGH_PUSHPULL;

    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->output = etharp_output;
    netif->linkoutput = linkoutput;
    if (phy_read(1) & 0x4u) /* basic status: link up */
        netif->flags |= NETIF_FLAG_LINK_UP;
    return ERR_OK;
}
