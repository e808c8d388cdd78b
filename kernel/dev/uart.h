#ifndef UART_H
#define UART_H

void uartinit(void);
void uartintr(void);
void uartputc(int c);        // may sleep until there is room
void uartputc_sync(int c);   // spins; for printf and echoing

#endif
