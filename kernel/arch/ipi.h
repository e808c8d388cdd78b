#ifndef IPI_H
#define IPI_H

void ipi_send(int hart);   // interrupt hart (arch/ipi.c)
void ipi_intr(void);       // the interrupt, on the hart it was sent to

#endif
