/*
 * The disk: a virtio block device on QEMU's virtio-mmio transport,
 * version 2 (the "modern" interface, virtio spec 1.x section 4.2; QEMU
 * runs with -global virtio-mmio.force-legacy=false).
 *   virtio_disk_init()     find the device, negotiate, set up queue 0
 *   virtio_disk_rw(b, w)   read or write block b->blockno; sleeps until done
 *   virtio_disk_intr()     the device finished requests; wake their callers
 *
 * A request is a chain of three descriptors in the queue's descriptor
 * table: a header the device reads (read or write, which sector), the
 * block's data (the device writes it for a read), and a status byte the
 * device writes. The driver puts the chain's first index in the avail
 * ring and notifies the device; the device puts it in the used ring when
 * the request is done, and interrupts.
 *
 * Locking: "virtio_disk" guards the whole struct disk and each in-flight
 * buf's disk flag. Callers sleep on the buf until the interrupt clears
 * b->disk, or on disk.free[0] while all descriptors are in use.
 */
#include "types.h"
#include "arch/riscv.h"
#include "arch/memlayout.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "fs/buf.h"
#include "lib/string.h"
#include "dev/console.h"
#include "mm/page.h"
#include "dev/virtio_blk.h"

// virtio-mmio registers, as offsets from VIRTIO0 (virtio spec 4.2.2).
#define VIRTIO_MMIO_MAGIC_VALUE         0x000   // "virt", 0x74726976
#define VIRTIO_MMIO_VERSION             0x004   // 2: modern
#define VIRTIO_MMIO_DEVICE_ID           0x008   // 2: block device
#define VIRTIO_MMIO_VENDOR_ID           0x00c   // "QEMU", 0x554d4551
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014   // which 32 bits of them
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030   // queue the next registers mean
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034   // its largest size
#define VIRTIO_MMIO_QUEUE_NUM           0x038   // its size
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050   // write a queue number: new work
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080   // descriptor table address
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_DRIVER_DESC_LOW     0x090   // avail ring address
#define VIRTIO_MMIO_DRIVER_DESC_HIGH    0x094
#define VIRTIO_MMIO_DEVICE_DESC_LOW     0x0a0   // used ring address
#define VIRTIO_MMIO_DEVICE_DESC_HIGH    0x0a4

// Device status bits (virtio spec 2.1), set in this order.
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1   // found the device
#define VIRTIO_CONFIG_S_DRIVER      2   // know how to drive it
#define VIRTIO_CONFIG_S_FEATURES_OK 8   // features agreed
#define VIRTIO_CONFIG_S_DRIVER_OK   4   // ready

// The only feature we accept: the modern interface itself (bit 32).
#define VIRTIO_F_VERSION_1 32

#define R(r) ((volatile uint32 *)(VIRTIO0 + (r)))

// Descriptors in the queue: at most NUM / 3 requests at once.
#define NUM 8

struct virtq_desc {
  uint64 addr;       // physical address of the buffer
  uint32 len;
  uint16 flags;
  uint16 next;       // the next descriptor in the chain, if VRING_DESC_F_NEXT
};
#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2   // the device writes the buffer (else reads it)

// The avail ring: chains the driver offers the device.
struct virtq_avail {
  uint16 flags;
  uint16 idx;        // where the driver puts the next entry, mod NUM
  uint16 ring[NUM];  // first descriptor of each chain
  uint16 unused;
};

// The used ring: chains the device has finished.
struct virtq_used_elem {
  uint32 id;         // first descriptor of the chain
  uint32 len;
};

struct virtq_used {
  uint16 flags;
  uint16 idx;        // where the device puts the next entry, mod NUM
  struct virtq_used_elem ring[NUM];
};

// The header of a block request (virtio spec 5.2.6).
#define VIRTIO_BLK_T_IN  0   // read
#define VIRTIO_BLK_T_OUT 1   // write

struct virtio_blk_req {
  uint32 type;
  uint32 reserved;
  uint64 sector;     // in 512-byte sectors
};

// Tags: [l] disk.lock, [I] set in virtio_disk_init(), then constant.
static struct disk {
  struct virtq_desc *desc;      // [I] NUM descriptors, one page
  struct virtq_avail *avail;    // [I] one page
  struct virtq_used *used;      // [I] one page, written by the device

  char free[NUM];               // [l] is descriptor i free?
  uint16 used_idx;              // [l] used ring entries seen so far

  // Per request, by its first descriptor.
  struct {
    struct buf *b;              // [l]
    char status;                // written by the device: 0 is success
  } info[NUM];
  struct virtio_blk_req ops[NUM];   // [l] the request headers

  struct spinlock lock;
} disk;

// Checks that the device at VIRTIO0 is QEMU's modern virtio disk.
static void
disk_probe(void)
{
  if(*R(VIRTIO_MMIO_MAGIC_VALUE) != 0x74726976 ||
     *R(VIRTIO_MMIO_VERSION) != 2 ||
     *R(VIRTIO_MMIO_DEVICE_ID) != 2 ||
     *R(VIRTIO_MMIO_VENDOR_ID) != 0x554d4551)
    panic("virtio_disk_init: no modern virtio disk (force-legacy=false?)");
}

// Accepts VIRTIO_F_VERSION_1 and nothing else: no read-only flag, no
// multiple queues, no event index; the plain device is all we use.
static void
disk_negotiate(void)
{
  uint32 bit = 1 << (VIRTIO_F_VERSION_1 - 32);

  *R(VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 1;
  if((*R(VIRTIO_MMIO_DEVICE_FEATURES) & bit) == 0)
    panic("virtio_disk_init: device lacks VIRTIO_F_VERSION_1");
  *R(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 0;
  *R(VIRTIO_MMIO_DRIVER_FEATURES) = 0;
  *R(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 1;
  *R(VIRTIO_MMIO_DRIVER_FEATURES) = bit;
}

// Allocates queue 0's three areas and tells the device where they are.
static void
disk_setup_queue(void)
{
  *R(VIRTIO_MMIO_QUEUE_SEL) = 0;
  if(*R(VIRTIO_MMIO_QUEUE_READY))
    panic("virtio_disk_init: queue 0 already in use");
  if(*R(VIRTIO_MMIO_QUEUE_NUM_MAX) < NUM)
    panic("virtio_disk_init: queue 0 too short");

  disk.desc = alloc_page();
  disk.avail = alloc_page();
  disk.used = alloc_page();
  if(disk.desc == 0 || disk.avail == 0 || disk.used == 0)
    panic("virtio_disk_init: out of memory");
  memset(disk.desc, 0, PGSIZE);
  memset(disk.avail, 0, PGSIZE);
  memset(disk.used, 0, PGSIZE);

  *R(VIRTIO_MMIO_QUEUE_NUM) = NUM;
  *R(VIRTIO_MMIO_QUEUE_DESC_LOW) = (uint64)disk.desc;
  *R(VIRTIO_MMIO_QUEUE_DESC_HIGH) = (uint64)disk.desc >> 32;
  *R(VIRTIO_MMIO_DRIVER_DESC_LOW) = (uint64)disk.avail;
  *R(VIRTIO_MMIO_DRIVER_DESC_HIGH) = (uint64)disk.avail >> 32;
  *R(VIRTIO_MMIO_DEVICE_DESC_LOW) = (uint64)disk.used;
  *R(VIRTIO_MMIO_DEVICE_DESC_HIGH) = (uint64)disk.used >> 32;
  *R(VIRTIO_MMIO_QUEUE_READY) = 1;

  for(int i = 0; i < NUM; i++)
    disk.free[i] = 1;
}

// The initialisation sequence of virtio spec 3.1.1.
void
virtio_disk_init(void)
{
  uint32 status = 0;

  initlock(&disk.lock, "virtio_disk");
  disk_probe();

  *R(VIRTIO_MMIO_STATUS) = status;   // reset
  status |= VIRTIO_CONFIG_S_ACKNOWLEDGE;
  *R(VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_DRIVER;
  *R(VIRTIO_MMIO_STATUS) = status;

  disk_negotiate();
  status |= VIRTIO_CONFIG_S_FEATURES_OK;
  *R(VIRTIO_MMIO_STATUS) = status;
  if((*R(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK) == 0)
    panic("virtio_disk_init: device refused our features");

  disk_setup_queue();

  status |= VIRTIO_CONFIG_S_DRIVER_OK;
  *R(VIRTIO_MMIO_STATUS) = status;
}

// A free descriptor's index, or -1. Caller holds disk.lock.
static int
alloc_desc(void)
{
  assert_held(&disk.lock);
  for(int i = 0; i < NUM; i++){
    if(disk.free[i]){
      disk.free[i] = 0;
      return i;
    }
  }
  return -1;
}

// Caller holds disk.lock.
static void
free_desc(int i)
{
  assert_held(&disk.lock);
  if(i < 0 || i >= NUM || disk.free[i])
    panic("virtio_disk: freeing a free descriptor");
  memset(&disk.desc[i], 0, sizeof(disk.desc[i]));
  disk.free[i] = 1;
  wakeup(&disk.free[0]);
}

// Frees the chain that starts at descriptor i. Caller holds disk.lock.
static void
free_chain(int i)
{
  assert_held(&disk.lock);
  for(;;){
    int flags = disk.desc[i].flags;
    int next = disk.desc[i].next;
    free_desc(i);
    if((flags & VRING_DESC_F_NEXT) == 0)
      break;
    i = next;
  }
}

// Three descriptors for one request, all or none: returns 0 or -1.
// Caller holds disk.lock.
static int
alloc3_desc(int *idx)
{
  assert_held(&disk.lock);
  for(int i = 0; i < 3; i++){
    if((idx[i] = alloc_desc()) < 0){
      while(--i >= 0)
        free_desc(idx[i]);
      return -1;
    }
  }
  return 0;
}

// Fills in the chain idx[0..2] for reading or writing b.
// Caller holds disk.lock.
static void
fill_request(int *idx, struct buf *b, int write)
{
  struct virtio_blk_req *req = &disk.ops[idx[0]];

  assert_held(&disk.lock);
  req->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
  req->reserved = 0;
  req->sector = (uint64)b->blockno * (BSIZE / 512);

  disk.desc[idx[0]].addr = (uint64)req;
  disk.desc[idx[0]].len = sizeof(*req);
  disk.desc[idx[0]].flags = VRING_DESC_F_NEXT;
  disk.desc[idx[0]].next = idx[1];

  disk.desc[idx[1]].addr = (uint64)b->data;
  disk.desc[idx[1]].len = BSIZE;
  disk.desc[idx[1]].flags = (write ? 0 : VRING_DESC_F_WRITE) | VRING_DESC_F_NEXT;
  disk.desc[idx[1]].next = idx[2];

  disk.info[idx[0]].status = 0xff;   // the device sets 0 on success
  disk.desc[idx[2]].addr = (uint64)&disk.info[idx[0]].status;
  disk.desc[idx[2]].len = 1;
  disk.desc[idx[2]].flags = VRING_DESC_F_WRITE;
  disk.desc[idx[2]].next = 0;
}

// Reads (write = 0) or writes block b->blockno; returns when it is done.
// Caller holds b->lock; process context only, since it sleeps.
void
virtio_disk_rw(struct buf *b, int write)
{
  int idx[3];

  assert_held_sleep(&b->lock);
  acquire(&disk.lock);
  while(alloc3_desc(idx) != 0)
    sleep(&disk.free[0], &disk.lock);

  fill_request(idx, b, write);
  b->disk = 1;
  disk.info[idx[0]].b = b;

  // Offer the chain: ring entry first, then the index that publishes
  // it, each store visible to the device before the next.
  disk.avail->ring[disk.avail->idx % NUM] = idx[0];
  __sync_synchronize();
  disk.avail->idx += 1;
  __sync_synchronize();
  *R(VIRTIO_MMIO_QUEUE_NOTIFY) = 0;

  // virtio_disk_intr() clears b->disk when the device is done.
  while(b->disk == 1)
    sleep(b, &disk.lock);

  disk.info[idx[0]].b = 0;
  free_chain(idx[0]);
  release(&disk.lock);
}

void
virtio_disk_intr(void)
{
  acquire(&disk.lock);

  // Acknowledge first: a request finishing after this point interrupts
  // again, so none is missed by the loop below.
  *R(VIRTIO_MMIO_INTERRUPT_ACK) = *R(VIRTIO_MMIO_INTERRUPT_STATUS) & 0x3;
  __sync_synchronize();

  // The device advances used->idx as it finishes requests.
  while(disk.used_idx != disk.used->idx){
    __sync_synchronize();
    int id = disk.used->ring[disk.used_idx % NUM].id;

    if(disk.info[id].status != 0)
      panic("virtio_disk_intr: the disk reported an error");
    struct buf *b = disk.info[id].b;
    b->disk = 0;
    wakeup(b);
    disk.used_idx += 1;
  }
  release(&disk.lock);
}
