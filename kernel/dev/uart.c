/*
 * The 16550 UART at UART0: the console's wire to the terminal.
 *   uartinit()         38400 baud, 8 bits, FIFOs, interrupts on
 *   uartputc(c)        queue c for output; sleeps while the queue is full
 *   uartputc_sync(c)   write c now, spinning; for printf and echo
 *   uartintr()         interrupt: pass input to consoleintr(), send more
 *
 * Output from write() goes through a small ring buffer: uartputc() adds
 * to it, uartstart() moves characters to the transmit register whenever
 * the UART says it is idle, and the UART interrupts when it becomes idle
 * again. Input is not buffered here; each received character goes
 * straight to the console's line discipline.
 *
 * Locking: "uart" guards the ring buffer; uartputc() sleeps on tx_r,
 * uartstart() wakes it. It is taken from interrupts, so it is a spinlock
 * and nothing sleeps holding it except through sleep() itself.
 * After a panic every hart's output stops here, so the panic message is
 * the last thing printed.
 */
#include "types.h"
#include "arch/memlayout.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "dev/console.h"
#include "dev/uart.h"

// The UART's registers, one byte each from UART0.
#define Reg(reg) ((volatile unsigned char *)(UART0 + (reg)))
#define RHR 0                   // receive holding register (input)
#define THR 0                   // transmit holding register (output)
#define IER 1                   // interrupt enable
#define IER_RX_ENABLE (1 << 0)
#define IER_TX_ENABLE (1 << 1)
#define FCR 2                   // FIFO control
#define FCR_FIFO_ENABLE (1 << 0)
#define FCR_FIFO_CLEAR  (3 << 1)   // clear both FIFOs
#define LCR 3                   // line control
#define LCR_EIGHT_BITS (3 << 0)
#define LCR_BAUD_LATCH (1 << 7) // DLL and DLM at 0 and 1 while set
#define LSR 5                   // line status
#define LSR_RX_READY (1 << 0)   // a byte waits in RHR
#define LSR_TX_IDLE  (1 << 5)   // THR can take a byte

#define ReadReg(reg) (*(Reg(reg)))
#define WriteReg(reg, v) (*(Reg(reg)) = (v))

extern volatile int panicked;   // console.c: set once panic() has printed

#define TX_BUF_SIZE 32

static struct {
  struct spinlock lock;
  char buf[TX_BUF_SIZE];   // [lock] ring: w - r characters wait
  uint64 w;                // [lock] next slot to fill, buf[w % TX_BUF_SIZE]
  uint64 r;                // [lock] next character to send
} tx;

static void uartstart(void);

void
uartinit(void)
{
  WriteReg(IER, 0x00);

  // 38400 baud: divisor 3 from the 1.8432 MHz clock.
  WriteReg(LCR, LCR_BAUD_LATCH);
  WriteReg(0, 0x03);
  WriteReg(1, 0x00);

  // Leaving baud-latch mode: 8 data bits, no parity, one stop bit.
  WriteReg(LCR, LCR_EIGHT_BITS);

  WriteReg(FCR, FCR_FIFO_ENABLE | FCR_FIFO_CLEAR);
  WriteReg(IER, IER_TX_ENABLE | IER_RX_ENABLE);

  initlock(&tx.lock, "uart");
}

// Queues c for the UART and starts sending. Sleeps while the buffer is
// full, so it is only for process context (write() to the console).
void
uartputc(int c)
{
  acquire(&tx.lock);
  if(panicked)
    for(;;)
      ;
  while(tx.w == tx.r + TX_BUF_SIZE)
    sleep(&tx.r, &tx.lock);
  tx.buf[tx.w % TX_BUF_SIZE] = c;
  tx.w++;
  uartstart();
  release(&tx.lock);
}

// Writes c, spinning until the UART can take it. Never sleeps: printf
// and the echo of typed characters use it, from any context.
void
uartputc_sync(int c)
{
  push_off();
  if(panicked)
    for(;;)
      ;
  while((ReadReg(LSR) & LSR_TX_IDLE) == 0)
    ;
  WriteReg(THR, c);
  pop_off();
}

// Moves waiting characters to the UART while it is idle. Called from
// uartputc() and the interrupt. Caller holds tx.lock.
static void
uartstart(void)
{
  assert_held(&tx.lock);
  while(tx.w != tx.r){
    if((ReadReg(LSR) & LSR_TX_IDLE) == 0){
      // Busy: it interrupts when ready for the next one.
      return;
    }
    int c = tx.buf[tx.r % TX_BUF_SIZE];
    tx.r++;
    wakeup(&tx.r);   // room in the buffer for a sleeping uartputc()
    WriteReg(THR, c);
  }
}

// A received character, or -1 if none.
static int
uartgetc(void)
{
  if(ReadReg(LSR) & LSR_RX_READY)
    return ReadReg(RHR);
  return -1;
}

// The UART interrupted: input arrived, or it is ready to send, or both.
void
uartintr(void)
{
  int c;

  while((c = uartgetc()) >= 0)
    consoleintr(c);

  acquire(&tx.lock);
  uartstart();
  release(&tx.lock);
}
