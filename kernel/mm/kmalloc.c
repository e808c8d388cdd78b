/*
 * The small-object allocator: kernel objects of up to one page.
 *   kmalloc(size)    an object of at least size bytes, or 0
 *   kzalloc(size)    the same, zeroed
 *   kfree(p)         give it back; kfree(0) does nothing
 *   kmalloc_size_roundup(size)   what kmalloc(size) takes: its class
 *   kmalloc_live()   objects handed out and not yet freed
 *
 * Sizes round up to a power of two from 16 to 2048 bytes, the size
 * classes. A page holds objects of one class only; larger requests, up
 * to PGSIZE, get a page of their own. Pages come from the page allocator
 * and go back to it as soon as their last object is freed, so a run that
 * frees everything it allocated leaves nfree_pages() where it started.
 *
 * What kmalloc knows about a page lives outside it, in slabs[], one
 * struct slab per physical page (as Linux keeps slab state in struct
 * page). A page is then all objects, with no header: 2048-byte objects
 * fit two to a page, and kfree(p) finds its slab from p's page number.
 *
 * Invariants, for each slab s with s->size != 0:
 *   K1  s->size is a size class, or PGSIZE for a whole-page object.
 *   K2  s->inuse > 0: a page with nothing allocated is given back.
 *   K3  a small-class slab is on partial[its class] exactly when
 *       s->free is not 0; a whole-page slab is on no list.
 *
 * Locking: one spinlock, "kmalloc", for slabs[], partial[] and the count.
 * It is held while calling the page allocator, so it comes before "page".
 */
#include "types.h"
#include "arch/riscv.h"
#include "arch/memlayout.h"
#include "lock/spinlock.h"
#include "lib/list.h"
#include "lib/string.h"
#include "dev/console.h"
#include "mm/page.h"
#include "mm/kmalloc.h"

#define MINSIZE   16
#define MAXSIZE   2048
#define NCLASS    8                     // 16, 32, ... 2048
#define NPAGES    ((PHYSTOP - KERNBASE) / PGSIZE)

// A free object; the first bytes of a free object hold the link.
struct object {
  struct object *next;
};

// kmalloc's state for one physical page. Tags: all [lock].
struct slab {
  struct list_head link;   // on partial[] while it has free objects (K3)
  struct object *free;     // free objects in the page
  uint16 inuse;            // objects handed out
  uint16 size;             // object size; 0 if the page is not kmalloc's
};

static struct {
  struct spinlock lock;
  struct list_head partial[NCLASS];   // slabs with a free object, by class
  struct slab slabs[NPAGES];          // by page number from KERNBASE
  uint64 live;                        // objects handed out
} km;

void
kmalloc_init(void)
{
  initlock(&km.lock, "kmalloc");
  for(int i = 0; i < NCLASS; i++)
    INIT_LIST_HEAD(&km.partial[i]);
}

// The slab of the page holding pa, or 0 if pa is not in RAM.
static struct slab *
slab_of(void *pa)
{
  if((uint64)pa < KERNBASE || (uint64)pa >= PHYSTOP)
    return 0;
  return &km.slabs[((uint64)pa - KERNBASE) / PGSIZE];
}

static void *
slab_page(struct slab *s)
{
  return (void *)(KERNBASE + (uint64)(s - km.slabs) * PGSIZE);
}

// The class that fits size bytes: 0 for 16, 1 for 32, ...
static int
class_of(uint64 size)
{
  int c = 0;

  while((MINSIZE << c) < size)
    c++;
  return c;
}

// Gets a page, carves it into objects of class c and makes it partial.
// Caller holds km.lock.
static struct slab *
slab_new(int c)
{
  char *page = alloc_page();
  struct slab *s;
  uint64 size = MINSIZE << c;

  assert_held(&km.lock);
  if(page == 0)
    return 0;
  s = slab_of(page);
  s->size = size;
  s->inuse = 0;
  s->free = 0;
  for(char *p = page + PGSIZE - size; p >= page; p -= size){
    ((struct object *)p)->next = s->free;
    s->free = (struct object *)p;
  }
  list_add(&s->link, &km.partial[c]);
  return s;
}

// One object of class c. Caller holds km.lock.
static void *
alloc_small(int c)
{
  struct slab *s;
  struct object *o;

  assert_held(&km.lock);
  if(list_empty(&km.partial[c])){
    if((s = slab_new(c)) == 0)
      return 0;
  } else {
    s = list_first_entry(&km.partial[c], struct slab, link);
  }
  o = s->free;
  s->free = o->next;
  s->inuse++;
  if(s->free == 0)
    list_del_init(&s->link);
  return o;
}

// A whole page as one object. Caller holds km.lock.
static void *
alloc_whole(void)
{
  void *page = alloc_page();
  struct slab *s;

  assert_held(&km.lock);
  if(page == 0)
    return 0;
  s = slab_of(page);
  s->size = PGSIZE;
  s->inuse = 1;
  s->free = 0;
  INIT_LIST_HEAD(&s->link);
  return page;
}

void *
kmalloc(uint64 size)
{
  void *p;

  if(size == 0 || size > PGSIZE)
    return 0;
  acquire(&km.lock);
  if(size <= MAXSIZE)
    p = alloc_small(class_of(size));
  else
    p = alloc_whole();
  if(p)
    km.live++;
  release(&km.lock);
  return p;
}

// What kmalloc(size) takes: its size class, or a whole page (Linux's
// kmalloc_size_roundup). 0 for a size kmalloc refuses.
uint64
kmalloc_size_roundup(uint64 size)
{
  if(size == 0 || size > PGSIZE)
    return 0;
  return size <= MAXSIZE ? MINSIZE << class_of(size) : PGSIZE;
}

void *
kzalloc(uint64 size)
{
  void *p = kmalloc(size);

  if(p)
    memset(p, 0, size);
  return p;
}

// Returns s's page to the page allocator. Caller holds km.lock.
static void
slab_release(struct slab *s)
{
  assert_held(&km.lock);
  list_del_init(&s->link);
  s->size = 0;
  s->free = 0;
  free_page(slab_page(s));
}

void
kfree(void *p)
{
  struct slab *s;
  struct object *o = p;

  if(p == 0)
    return;
  acquire(&km.lock);
  s = slab_of(p);
  if(s == 0 || s->size == 0 || (uint64)p % s->size != 0)
    panic("kfree: not a kmalloc'd object");

  // Junk, so a use after free reads garbage rather than stale data.
  junk(p, s->size, 1);
  km.live--;
  s->inuse--;
  if(s->size != PGSIZE){
    if(s->free == 0)
      list_add(&s->link, &km.partial[class_of(s->size)]);
    o->next = s->free;
    s->free = o;
  }
  if(s->inuse == 0)
    slab_release(s);
  release(&km.lock);
}

uint64
kmalloc_live(void)
{
  uint64 n;

  acquire(&km.lock);
  n = km.live;
  release(&km.lock);
  return n;
}
