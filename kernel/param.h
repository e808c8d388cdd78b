// Kernel limits, one place.
#ifndef PARAM_H
#define PARAM_H

#define NCPU          8     // harts the kernel supports
#define NPROC        64     // process slots
#define NOFILE    65536     // fds per process at most (Linux's fs.nr_open)
#define NINODE      100     // in-memory inode cache entries
#define NDEV         16     // device major numbers
#define ROOTDEV       1     // device number of the file system disk
#define MAXARG       32     // exec arguments
#define MAXPATH     128     // path length, NUL included
#define NBUF         64     // buffer cache blocks
#define MAXOPBLOCKS  10     // blocks one file-system op may write
#define HZ          100     // timer ticks per second

#endif
