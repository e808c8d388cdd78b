// Kernel limits, one place.
#ifndef PARAM_H
#define PARAM_H

#include "nudge/param.h"   // the limits user programs see: NPROC, NOFILE, ...

#define NCPU          8     // harts the kernel supports
#define NINODE      100     // in-memory inode cache entries
#define NDEV         16     // device major numbers
#define ROOTDEV       1     // device number of the file system disk
#define NBUF         64     // buffer cache blocks
#define MAXOPBLOCKS  10     // blocks one file-system op may write

#endif
