/*
 * Intrusive doubly linked lists, with Linux's names (include/linux/list.h):
 * a struct list_head is embedded in each member and in the head; an empty
 * list's head points at itself. No locking: the owner of the list says
 * which lock protects it.
 */
#ifndef LIB_LIST_H
#define LIB_LIST_H

struct list_head {
  struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void
INIT_LIST_HEAD(struct list_head *h)
{
  h->next = h;
  h->prev = h;
}

static inline void
__list_add(struct list_head *n, struct list_head *prev, struct list_head *next)
{
  next->prev = n;
  n->next = next;
  n->prev = prev;
  prev->next = n;
}

// Adds n right after head (a stack).
static inline void
list_add(struct list_head *n, struct list_head *head)
{
  __list_add(n, head, head->next);
}

// Adds n right before head, at the tail (a queue).
static inline void
list_add_tail(struct list_head *n, struct list_head *head)
{
  __list_add(n, head->prev, head);
}

// Unlinks e and leaves it empty, so list_empty(e) tells it is unlinked.
static inline void
list_del_init(struct list_head *e)
{
  e->next->prev = e->prev;
  e->prev->next = e->next;
  INIT_LIST_HEAD(e);
}

static inline int
list_empty(const struct list_head *h)
{
  return h->next == h;
}

// Moves every entry of list to the front of head; list is left empty.
static inline void
list_splice_init(struct list_head *list, struct list_head *head)
{
  if(list_empty(list))
    return;
  struct list_head *first = list->next, *last = list->prev;
  first->prev = head;
  last->next = head->next;
  head->next->prev = last;
  head->next = first;
  INIT_LIST_HEAD(list);
}

// The struct that contains member ptr.
#define container_of(ptr, type, member) \
  ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)

// Iterates over entries; pos may not be removed inside the loop.
#define list_for_each_entry(pos, head, member)                          \
  for(pos = list_entry((head)->next, __typeof__(*pos), member);         \
      &pos->member != (head);                                           \
      pos = list_entry(pos->member.next, __typeof__(*pos), member))

// As above, but pos may be removed: n holds the next entry.
#define list_for_each_entry_safe(pos, n, head, member)                  \
  for(pos = list_entry((head)->next, __typeof__(*pos), member),         \
      n = list_entry(pos->member.next, __typeof__(*pos), member);       \
      &pos->member != (head);                                           \
      pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

#endif
