#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H

struct buf;

void virtio_disk_init(void);
void virtio_disk_rw(struct buf *b, int write);
void virtio_disk_intr(void);

#endif
