// The 16550 serial port COM1: one of the console's two devices, beside
// the screen and keyboard (vga.c, kbd.c); QEMU's -nographic connects it
// to the terminal.  Output is polled; input raises IRQ 4, which hands
// received bytes to the console.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "traps.h"
#include "x86.h"

#define COM1 0x3F8
#define UART_DATA 0        // receive/transmit holding register
#define UART_IER  1        // interrupt enable
#define UART_FCR  2        // FIFO control
#define UART_LCR  3        // line control
#define UART_MCR  4        // modem control
#define UART_LSR  5        // line status
#define LSR_RXREADY 0x01   // a byte is waiting
#define LSR_TXEMPTY 0x20   // transmitter can take a byte
#define LCR_DLAB  0x80     // registers 0-1 are the baud divisor
#define BAUD_DIVISOR 1     // 115200 baud
#define TX_SPINS 12800     // give up on a wedged transmitter eventually

static int present;        // set once: is there a UART at COM1?

void
uartinit(void)
{
  outb(COM1 + UART_FCR, 0);              // no FIFO: one interrupt per byte
  outb(COM1 + UART_LCR, LCR_DLAB);
  outb(COM1 + UART_DATA, BAUD_DIVISOR & 0xFF);
  outb(COM1 + UART_IER, BAUD_DIVISOR >> 8);
  outb(COM1 + UART_LCR, 0x03);           // 8 data bits, 1 stop bit, no parity
  outb(COM1 + UART_MCR, 0x0B);           // DTR, RTS, and OUT2 (IRQ gate)
  outb(COM1 + UART_IER, 0x01);           // interrupt on received data
  if(inb(COM1 + UART_LSR) == 0xFF)
    return;                              // no port at all
  present = 1;
  inb(COM1 + 2);                         // clear pending interrupt state
  inb(COM1 + UART_DATA);
  ioapicenable(IRQ_COM1, 0);
}

void
uartputc(int c)
{
  int i;

  for(i = 0; i < TX_SPINS && !(inb(COM1 + UART_LSR) & LSR_TXEMPTY); i++)
    pause();
  outb(COM1 + UART_DATA, c);
}

static int
uartgetc(void)
{
  if(!present || !(inb(COM1 + UART_LSR) & LSR_RXREADY))
    return -1;
  return inb(COM1 + UART_DATA);
}

void
uartintr(void)
{
  consoleintr(uartgetc);
}
