#ifndef SIGNALFD_H
#define SIGNALFD_H

void signalfd_init(void);
void signalfd_notify(void);     // a signal was sent: signalfds look again

#endif
