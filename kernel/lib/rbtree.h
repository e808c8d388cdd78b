/*
 * Intrusive red-black trees: a balanced binary search tree whose nodes are
 * embedded in the objects they order (epoll's struct epitem holds one,
 * keyed by (file, fd)). The tree never allocates; the caller owns every
 * node and supplies the comparison. The algorithms are the textbook's
 * (CLRS chapter 13; rbtree.c). The interface has Linux's shape
 * (include/linux/rbtree.h): nodes inside their objects, rb_entry(),
 * rb_first()/rb_next(), and rb_insert() is Linux's rb_find_add(). Unlike
 * Linux's, a node keeps its color in a field of its own (Linux hides it
 * in the parent pointer's low bit), and there is no rb_link_node() +
 * rb_insert_color() pair for callers that walk down themselves.
 *
 *   rb_insert(root, n, cmp)     link n in; or return the equal node already there
 *   rb_find(root, key, cmpkey)  the node equal to key, or 0
 *   rb_erase(root, n)           unlink n
 *   rb_first(root), rb_next(n)  walk the nodes in key order
 *   rb_check(root, cmp)         0, or the number of a broken invariant
 *   rb_entry(n, type, member)   the object that embeds n
 *
 * Invariants (rb_check() tests them; it returns the lowest broken number):
 *   R1  the root, if any, is black.
 *   R2  no red node has a red child.
 *   R3  every path from the root down to an empty link passes the same
 *       number of black nodes (the tree's "black height").
 *   R4  the links form one tree: the root's parent is 0, and each child's
 *       parent pointer names the node that links to it.
 *   R5  an in-order walk meets the keys in strictly increasing order
 *       (each key is in the tree once).
 * R2 and R3 together keep the tree balanced: the longest root-to-leaf path
 * (red and black alternating) is at most twice the shortest (all black), so
 * a tree of n nodes is at most 2*log2(n+1) deep and every operation is
 * O(log n).
 *
 * Comparisons return <0, 0 or >0, like strcmp: cmp(a, b) orders two nodes,
 * cmpkey(key, n) orders a bare key against a node (so rb_find needs no
 * dummy object to search with).
 *
 * No locking: the owner of the tree says which lock protects it.
 */
#ifndef LIB_RBTREE_H
#define LIB_RBTREE_H

#define RB_RED   0
#define RB_BLACK 1

struct rb_node {
  struct rb_node *parent;   // 0 for the root
  struct rb_node *left;     // smaller keys, or 0
  struct rb_node *right;    // larger keys, or 0
  int color;                // RB_RED or RB_BLACK
};

struct rb_root {
  struct rb_node *node;     // the root node; 0 when the tree is empty
};

// An empty tree: struct rb_root r = RB_ROOT; or ep->rbr = RB_ROOT;
#define RB_ROOT ((struct rb_root){ 0 })

// The struct of the given type whose member ptr is (container_of).
#define rb_entry(ptr, type, member) \
  ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

struct rb_node *rb_insert(struct rb_root *root, struct rb_node *n,
                          int (*cmp)(const struct rb_node *a, const struct rb_node *b));
struct rb_node *rb_find(const struct rb_root *root, const void *key,
                        int (*cmpkey)(const void *key, const struct rb_node *n));
void            rb_erase(struct rb_root *root, struct rb_node *n);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *n);
int             rb_check(const struct rb_root *root,
                         int (*cmp)(const struct rb_node *a, const struct rb_node *b));

#endif
