# .gdbinit: attaches gdb-multiarch to `make qemu-gdb` (QEMU's gdb server on
# the Makefile's GDBPORT, 26000) with the kernel's symbols. `make gdb` reads
# it; a plain `gdb-multiarch` here reads it only if this directory is on
# gdb's auto-load safe-path (README.md, "Debugging").

# The target is 64-bit RISC-V; say so before gdb talks to it.
set architecture riscv:rv64
# The kernel's symbols and source lines.
file build/kernel.elf
# Connect to QEMU, which waits before the first instruction (-S).
target remote localhost:26000

# uprog NAME: add the symbols of user program NAME, build/user/bin/NAME.
define uprog
  # Load without asking "add symbol table from file ...? (y or n)".
  set confirm off
  # No address given: the sections go where the ELF file says (text at 0x1000).
  add-symbol-file build/user/bin/$arg0
  # Ask again for everything else.
  set confirm on
end
# The text `help uprog` prints.
document uprog
uprog NAME: load the symbols of user program NAME (build/user/bin/NAME),
so breakpoints and backtraces work in it: `uprog sh`, `break sh.c:run_line`.
Every program is linked at 0x1000, so keep one loaded at a time:
`remove-symbol-file -a 0x1000` drops it before loading another.
end

# ---- epoll and wait-queue helpers (docs/gdb-walkthrough.md uses them) ----
# They take any expression without spaces for the object (`ep`,
# `epi->ep`, `$3`, `0x87f1b000`: gdb splits a user command's arguments at
# spaces), and find a struct from a link inside it by subtracting the
# link's offset, as container_of() does in C: &((struct T *)0)->member
# is that offset.
# Their scratch variables start with $ep_ or $wq_, so yours are left alone.

# ep_item EPI: one line for one epitem (ep_tree and ep_ready use it).
define ep_item
  # Accept a number or any pointer expression.
  set $ep_i = (struct epitem *)($arg0)
  # The watched file and fd (the tree's key), the events asked for, the data word.
  printf "  epitem %p: file %p fd %d events %#x data %#lx", $ep_i, $ep_i->file, $ep_i->fd, $ep_i->event.events, $ep_i->event.data.u64
  # An empty rdllink (pointing at itself) means not on the ready list (E2).
  if $ep_i->rdllink.next != &$ep_i->rdllink
    # Say so when it is queued.
    printf " (ready)"
  end
  # End the line.
  printf "\n"
end
# The text `help ep_item` prints.
document ep_item
ep_item EPI: print one struct epitem: its file, fd, events, data, and
"(ready)" if it is on its eventpoll's ready list.
end

# ep_tree EP: every epitem of eventpoll EP in key order, by the walk of
# rb_first() and rb_next() in kernel/lib/rbtree.c.
define ep_tree
  # Accept a number or any pointer expression.
  set $ep_ep = (struct eventpoll *)($arg0)
  # rb_first: from the root, go left while we can.
  set $ep_n = $ep_ep->rbr.node
  # An empty tree has no root.
  if $ep_n != 0
    # Leftmost node: the smallest key.
    while $ep_n->left != 0
      # One step further left.
      set $ep_n = $ep_n->left
    end
  end
  # Count the items as we go.
  set $ep_count = 0
  # Visit nodes until rb_next runs off the end (0).
  while $ep_n != 0
    # rbn is the epitem's tree link: subtract its offset to get the epitem.
    set $ep_i = (struct epitem *)((char *)$ep_n - (unsigned long)&((struct epitem *)0)->rbn)
    # Print it (a variable: a user command's arguments split at spaces).
    ep_item $ep_i
    # One more item seen.
    set $ep_count = $ep_count + 1
    # rb_next, case 1: a right subtree holds the next key, at its leftmost node.
    if $ep_n->right != 0
      # Into the right subtree.
      set $ep_n = $ep_n->right
      # Then all the way left.
      while $ep_n->left != 0
        # One step further left.
        set $ep_n = $ep_n->left
      end
    else
      # rb_next, case 2: climb while we come up from a right child.
      while $ep_n->parent != 0 && $ep_n == $ep_n->parent->right
        # One level up.
        set $ep_n = $ep_n->parent
      end
      # The first ancestor reached from its left is next (0 past the root: done).
      set $ep_n = $ep_n->parent
    end
  end
  # The total, as a check against what epoll_ctl added.
  printf "eventpoll %p: %d epitems\n", $ep_ep, $ep_count
end
# The text `help ep_tree` prints.
document ep_tree
ep_tree EP: print every epitem of struct eventpoll EP (ep->rbr, the
red-black tree), in key order (file pointer, then fd): file, fd, events,
data. Example, stopped in ep_poll_callback: `ep_tree ep`.
end

# ep_ready EP: the epitems on eventpoll EP's ready list, oldest first,
# then those chained on ovflist while a harvest runs.
define ep_ready
  # Accept a number or any pointer expression.
  set $ep_ep = (struct eventpoll *)($arg0)
  # Start at the first link after the list's head.
  set $ep_l = $ep_ep->rdllist.next
  # Count the items as we go.
  set $ep_count = 0
  # The list is circular: back at the head means done.
  while $ep_l != &$ep_ep->rdllist
    # rdllink is the epitem's ready-list link: subtract its offset.
    set $ep_i = (struct epitem *)((char *)$ep_l - (unsigned long)&((struct epitem *)0)->rdllink)
    # Print it.
    ep_item $ep_i
    # One more item seen.
    set $ep_count = $ep_count + 1
    # Next link.
    set $ep_l = $ep_l->next
  end
  # The total on rdllist.
  printf "eventpoll %p: %d on rdllist\n", $ep_ep, $ep_count
  # ovflist is EP_UNACTIVE, (struct epitem *)-1, unless a harvest runs (E3).
  if $ep_ep->ovflist != (struct epitem *)-1
    # A harvest runs: items readied meanwhile wait here, newest first.
    printf "ovflist (a harvest is running), newest first:\n"
    # Start at the newest.
    set $ep_i = $ep_ep->ovflist
    # The chain ends with 0.
    while $ep_i != 0
      # One item.
      ep_item $ep_i
      # Follow its next.
      set $ep_i = $ep_i->next
    end
  end
end
# The text `help ep_ready` prints.
document ep_ready
ep_ready EP: print the epitems on struct eventpoll EP's ready list
(ep->rdllist), oldest first, and, while ep_send_events() harvests, those
on ep->ovflist. Example: `ep_ready ep`, or `ep_ready epi->ep`.
end

# wq_entries WQH: each entry on wait_queue_head WQH, in wake_up() order.
define wq_entries
  # Accept a number or any pointer expression.
  set $wq_h = (struct wait_queue_head *)($arg0)
  # Start at the first link after the list's head.
  set $wq_l = $wq_h->head.next
  # Count the entries as we go.
  set $wq_count = 0
  # The list is circular: back at the head means done.
  while $wq_l != &$wq_h->head
    # entry is the wait_queue_entry's queue link: subtract its offset.
    set $wq_e = (struct wait_queue_entry *)((char *)$wq_l - (unsigned long)&((struct wait_queue_entry *)0)->entry)
    # The entry, its flags (1: WQ_FLAG_EXCLUSIVE) and its private word.
    printf "  entry %p flags %u private %p func ", $wq_e, $wq_e->flags, $wq_e->private
    # The callback, shown with its symbol (output prints no $N = and no newline).
    output $wq_e->func
    # End the line.
    printf "\n"
    # An epoll entry lives in a struct eppoll_entry: name its epitem.
    if $wq_e->func == ep_poll_callback
      # Subtract the offset of wait inside struct eppoll_entry.
      set $wq_p = (struct eppoll_entry *)((char *)$wq_e - (unsigned long)&((struct eppoll_entry *)0)->wait)
      # base is the epitem the entry belongs to.
      printf "    epitem %p of eventpoll %p\n", $wq_p->base, $wq_p->base->ep
    end
    # A sleeping process's entry: private is its struct proc.
    if $wq_e->func == default_wake_function || $wq_e->func == autoremove_wake_function
      # Name the process.
      printf "    proc pid %d (%s)\n", ((struct proc *)$wq_e->private)->pid, ((struct proc *)$wq_e->private)->name
    end
    # One more entry seen.
    set $wq_count = $wq_count + 1
    # Next link.
    set $wq_l = $wq_l->next
  end
  # The total.
  printf "wait queue %p: %d entries\n", $wq_h, $wq_count
end
# The text `help wq_entries` prints.
document wq_entries
wq_entries WQH: print each entry of struct wait_queue_head WQH in the
order wake_up() calls them: address, flags (1 = exclusive), private and
the callback; for an ep_poll_callback entry also its epitem, for a
sleeping process's entry its pid and name. Examples, stopped in
ep_poll_callback: `wq_entries &ep->wq`, `wq_entries pwq->whead`.
end
