/*
 * Red-black trees: insert, find, erase, in-order walk and a checker. The
 * interface, and the invariants R1-R5 the code keeps, are in rbtree.h.
 *
 * The algorithms are the textbook ones (CLRS chapter 13), written for
 * intrusive nodes with parent pointers and 0 for an empty link (no
 * sentinel node): where CLRS colors a sentinel, this code treats 0 as a
 * black leaf (is_red(0) == 0) and carries the parent along separately.
 *
 * Two tools do all the rebalancing:
 *   - a rotation, which moves one node up and its parent down without
 *     changing the key order;
 *   - recoloring.
 * rb_insert and rb_erase first do an ordinary binary-search-tree insert or
 * unlink, then run a fix-up that repairs R1-R3 with O(log n) recolorings
 * and at most three rotations. Each fix-up case is drawn where it is
 * handled: (R) red, (B) black, (?) either; a bare letter is a subtree.
 *
 * Nothing here recurses (rb_check included): kernel stacks are small.
 *
 * Locking: none; the owner of a tree serializes its operations.
 */
#include "lib/rbtree.h"

// An empty link counts as a black leaf.
static int
is_red(const struct rb_node *n)
{
  return n != 0 && n->color == RB_RED;
}

static struct rb_node *
leftmost(struct rb_node *n)
{
  while(n->left)
    n = n->left;
  return n;
}

// Makes whatever linked to old (its parent, or the root) link to new
// instead. Sets neither old's nor new's own pointers.
static void
replace_child(struct rb_root *root, struct rb_node *old, struct rb_node *new)
{
  struct rb_node *p = old->parent;

  if(p == 0)
    root->node = new;
  else if(p->left == old)
    p->left = new;
  else
    p->right = new;
}

/*
 * Rotations. Each moves one child up into its parent's place; the key
 * order (a x b y c) is the same before and after, and colors are the
 * caller's business.
 *
 *         x          rotate_left(x)           y
 *        / \        --------------->         / \
 *       a   y                               x   c
 *          / \      <---------------       / \
 *         b   c      rotate_right(y)      a   b
 */
static void
rotate_left(struct rb_root *root, struct rb_node *x)
{
  struct rb_node *y = x->right;
  struct rb_node *b = y->left;

  x->right = b;
  if(b)
    b->parent = x;
  replace_child(root, x, y);
  y->parent = x->parent;
  y->left = x;
  x->parent = y;
}

static void
rotate_right(struct rb_root *root, struct rb_node *y)
{
  struct rb_node *x = y->left;
  struct rb_node *b = x->right;

  y->left = b;
  if(b)
    b->parent = y;
  replace_child(root, y, x);
  x->parent = y->parent;
  x->right = y;
  y->parent = x;
}

/*
 * Restores R1 and R2 after n was linked in as a red leaf. A red leaf
 * changes no black count, so R3 holds; the only possible fault is a red n
 * under a red parent p (R2), or a red root (R1). Then p is not the root
 * (the root is black), so the grandparent g exists and is black. With u
 * the uncle (g's other child), three cases, drawn with p on g's left
 * (the mirror cases swap left and right):
 *
 * Case 1, u red: recolor. Black counts below g are unchanged, but g is
 * now red and may have a red parent: repeat with n = g.
 *
 *          g(B)                 g(R)
 *         /    \               /    \
 *       p(R)   u(R)   =>     p(B)   u(B)
 *       /                    /
 *     n(R)                 n(R)
 *
 * Case 2, u black and n the inner grandchild: rotate at p, so that the old
 * p is now the outer red child of a red parent: case 3 with n and p
 * swapped.
 *
 *          g(B)                 g(B)
 *         /    \               /    \
 *       p(R)   u(B)   =>     n(R)   u(B)
 *          \                 /
 *          n(R)            p(R)
 *
 * Case 3, u black and n the outer grandchild: rotate at g and swap p's
 * and g's colors. Every path still passes one black (p instead of g),
 * and p, now on top, is black: done.
 *
 *          g(B)                 p(B)
 *         /    \               /    \
 *       p(R)   u(B)   =>     n(R)   g(R)
 *       /                              \
 *     n(R)                             u(B)
 */
static void
insert_fixup(struct rb_root *root, struct rb_node *n)
{
  struct rb_node *p, *g, *u, *t;

  while(is_red(p = n->parent)){
    g = p->parent;
    u = (p == g->left) ? g->right : g->left;
    if(is_red(u)){                                  // case 1
      p->color = RB_BLACK;
      u->color = RB_BLACK;
      g->color = RB_RED;
      n = g;
      continue;
    }
    if(p == g->left){
      if(n == p->right){                            // case 2
        rotate_left(root, p);
        t = p; p = n; n = t;
      }
      rotate_right(root, g);                        // case 3
    } else {
      if(n == p->left){                             // case 2, mirrored
        rotate_right(root, p);
        t = p; p = n; n = t;
      }
      rotate_left(root, g);                         // case 3, mirrored
    }
    p->color = RB_BLACK;
    g->color = RB_RED;
    break;
  }
  root->node->color = RB_BLACK;                     // R1: case 1 may end at the root
}

/*
 * Links n into the tree in cmp's order and rebalances. Returns 0 when n
 * was inserted; if a node equal to n is already there, returns that node
 * and changes nothing (n is not touched).
 */
struct rb_node *
rb_insert(struct rb_root *root, struct rb_node *n,
          int (*cmp)(const struct rb_node *a, const struct rb_node *b))
{
  struct rb_node **link = &root->node;
  struct rb_node *parent = 0;
  int c;

  while(*link){
    parent = *link;
    c = cmp(n, parent);
    if(c < 0)
      link = &parent->left;
    else if(c > 0)
      link = &parent->right;
    else
      return parent;
  }
  n->parent = parent;
  n->left = 0;
  n->right = 0;
  n->color = RB_RED;
  *link = n;
  insert_fixup(root, n);
  return 0;
}

// The node equal to key, or 0.
struct rb_node *
rb_find(const struct rb_root *root, const void *key,
        int (*cmpkey)(const void *key, const struct rb_node *n))
{
  struct rb_node *n = root->node;
  int c;

  while(n){
    c = cmpkey(key, n);
    if(c == 0)
      return n;
    n = (c < 0) ? n->left : n->right;
  }
  return 0;
}

/*
 * Restores R3 after an erase. The subtree x (maybe empty) under p passes
 * one black node fewer than its sibling subtree w: x is "short". Were x
 * red, making it black would repair that at once (the loop in
 * erase_fixup does so), so here x is black or empty. Then w is not empty,
 * since its side has at least one black node more than x's. Four cases,
 * drawn with x on p's left (fix_short_right is the mirror):
 *
 * Case 1, w red: rotate at p and swap p's and w's colors. No count
 * changes, x is still short, but its new sibling c is black (a red w had
 * two black children): go on with case 2, 3 or 4.
 *
 *        p(B)                    w(B)
 *       /    \                  /    \
 *      x     w(R)     =>      p(R)    d
 *           /    \           /    \
 *          c      d         x      c
 *
 * Case 2, w black with two black children: make w red. Now both of p's
 * sides are short by one, so p's whole subtree is: the problem moves up
 * to x = p (and ends there if p is red).
 *
 *        p(?)                   p(?)
 *       /    \                 /    \
 *      x     w(B)     =>      x     w(R)
 *           /    \                 /    \
 *         c(B)   d(B)            c(B)   d(B)
 *
 * Case 3, w black, its near child c red and far child d black: rotate at
 * w and swap their colors. No count changes, and x's new sibling c is
 * black with a red far child: case 4. (Case 4 recolors c at once; making
 * it black here keeps the tree in between a valid one, as drawn.)
 *
 *        p(?)                   p(?)
 *       /    \                 /    \
 *      x     w(B)     =>      x     c(B)
 *           /    \                     \
 *         c(R)   d(B)                  w(R)
 *                                         \
 *                                         d(B)
 *
 * Case 4, w black and its far child d red: rotate at p; w takes p's
 * color, p and d become black. x's paths gain a black (p), w's other
 * paths keep their count (d now black where w was): done.
 *
 *        p(?)                   w(?)
 *       /    \                 /    \
 *      x     w(B)     =>     p(B)   d(B)
 *           /    \          /    \
 *          c     d(R)      x      c
 *
 * Each fix_short_* returns the node that is short next: p after case 2,
 * else the root, which ends the loop.
 */
static struct rb_node *
fix_short_left(struct rb_root *root, struct rb_node *p)
{
  struct rb_node *w = p->right;

  if(is_red(w)){                                    // case 1
    w->color = RB_BLACK;
    p->color = RB_RED;
    rotate_left(root, p);
    w = p->right;
  }
  if(!is_red(w->left) && !is_red(w->right)){        // case 2
    w->color = RB_RED;
    return p;
  }
  if(!is_red(w->right)){                            // case 3
    w->left->color = RB_BLACK;
    w->color = RB_RED;
    rotate_right(root, w);
    w = p->right;
  }
  w->color = p->color;                              // case 4
  p->color = RB_BLACK;
  w->right->color = RB_BLACK;
  rotate_left(root, p);
  return root->node;
}

// fix_short_left with left and right swapped: x is p's right subtree.
static struct rb_node *
fix_short_right(struct rb_root *root, struct rb_node *p)
{
  struct rb_node *w = p->left;

  if(is_red(w)){                                    // case 1
    w->color = RB_BLACK;
    p->color = RB_RED;
    rotate_right(root, p);
    w = p->left;
  }
  if(!is_red(w->left) && !is_red(w->right)){        // case 2
    w->color = RB_RED;
    return p;
  }
  if(!is_red(w->left)){                             // case 3
    w->right->color = RB_BLACK;
    w->color = RB_RED;
    rotate_left(root, w);
    w = p->left;
  }
  w->color = p->color;                              // case 4
  p->color = RB_BLACK;
  w->left->color = RB_BLACK;
  rotate_right(root, p);
  return root->node;
}

// x (maybe empty), a child of p, is short by one black; see fix_short_left.
static void
erase_fixup(struct rb_root *root, struct rb_node *x, struct rb_node *p)
{
  while(x != root->node && !is_red(x)){
    // x may be 0, but then its sibling is not (see above), so the test
    // tells the sides apart.
    if(x == p->left)
      x = fix_short_left(root, p);
    else
      x = fix_short_right(root, p);
    p = x->parent;
  }
  if(x)
    x->color = RB_BLACK;
}

/*
 * Moves n's successor s (the leftmost node of n's right subtree, which
 * has no left child) into n's place, taking n's color, so that n leaves
 * the tree and s's old spot is the one that disappears:
 *
 *          n                  s
 *         / \                / \
 *        a   ...     =>     a   ...
 *            /                  /
 *           s                  x
 *            \
 *             x
 *
 * Returns the color that disappeared (s's own); sets *x to the subtree
 * that took s's old spot and *xp to its parent.
 */
static int
replace_by_successor(struct rb_root *root, struct rb_node *n,
                     struct rb_node **x, struct rb_node **xp)
{
  struct rb_node *s = leftmost(n->right);
  int color = s->color;

  *x = s->right;
  if(s->parent == n){
    *xp = s;                // s keeps its right subtree
  } else {
    *xp = s->parent;
    s->parent->left = *x;   // x takes s's spot
    if(*x)
      (*x)->parent = s->parent;
    s->right = n->right;
    s->right->parent = s;
  }
  replace_child(root, n, s);
  s->parent = n->parent;
  s->left = n->left;
  s->left->parent = s;
  s->color = n->color;
  return color;
}

/*
 * Unlinks n, which must be in the tree, and rebalances. n's own links are
 * cleared. If n had at most one child, that child takes n's place;
 * otherwise n's successor does (replace_by_successor). Either way one
 * spot leaves the tree; removing a red one changes no black count, but
 * removing a black one leaves the subtree x in that spot short by one
 * black: erase_fixup repairs that.
 */
void
rb_erase(struct rb_root *root, struct rb_node *n)
{
  struct rb_node *x, *xp;
  int color;

  if(n->left && n->right){
    color = replace_by_successor(root, n, &x, &xp);
  } else {
    x = n->left ? n->left : n->right;
    xp = n->parent;
    color = n->color;
    replace_child(root, n, x);
    if(x)
      x->parent = xp;
  }
  n->parent = n->left = n->right = 0;
  if(color == RB_BLACK)
    erase_fixup(root, x, xp);
}

// The node with the smallest key, or 0 if the tree is empty.
struct rb_node *
rb_first(const struct rb_root *root)
{
  if(root->node == 0)
    return 0;
  return leftmost(root->node);
}

/*
 * The node after n in key order, or 0 if n is the last: the leftmost node
 * of n's right subtree if it has one, else the nearest ancestor that n is
 * to the left of. A whole walk crosses each link twice: O(1) amortized.
 */
struct rb_node *
rb_next(const struct rb_node *n)
{
  struct rb_node *p;

  if(n->right)
    return leftmost(n->right);
  while((p = n->parent) != 0 && n == p->right)
    n = p;
  return p;
}

/*
 * The checker. It walks the tree in key order without recursion or a
 * stack, climbing back up by parent pointers; so that a broken tree
 * cannot send it round in circles, it only steps down a link whose child
 * points back (R4) and never steps into the root again. Each node is then
 * reached once, and the walk ends even on garbage links.
 */
struct walk {
  const struct rb_root *root;
  int (*cmp)(const struct rb_node *a, const struct rb_node *b);
  const struct rb_node *prev;   // the node visited before, in key order
  int blacks;                   // black nodes from the root down to here
  int leaf_blacks;              // the same at the first empty link, or -1
  int broken;                   // lowest broken invariant so far, or 0
};

static void
broke(struct walk *w, int invariant)
{
  if(w->broken == 0 || invariant < w->broken)
    w->broken = invariant;
}

// c, a child link of n, if the walk may step down it: c points back at
// n and is not the root.
static struct rb_node *
down(const struct walk *w, const struct rb_node *n, struct rb_node *c)
{
  if(c == 0 || c->parent != n || c == w->root->node)
    return 0;
  return c;
}

// The walk may step down to n's right child only if that is not the left
// one as well.
static struct rb_node *
down_right(const struct walk *w, const struct rb_node *n)
{
  if(n->right == n->left)
    return 0;
  return down(w, n, n->right);
}

// Checks one child link of n: R4 for a child, R3 for an empty link.
static void
check_link(struct walk *w, const struct rb_node *n, const struct rb_node *c)
{
  if(c == 0){
    if(w->leaf_blacks < 0)
      w->leaf_blacks = w->blacks;
    else if(w->blacks != w->leaf_blacks)
      broke(w, 3);
  } else if(c->parent != n || c == w->root->node){
    broke(w, 4);
  }
}

// Steps down to n, checking what can be seen from it.
static void
enter(struct walk *w, const struct rb_node *n)
{
  if(n->color == RB_BLACK)
    w->blacks++;
  if(is_red(n) && (is_red(n->left) || is_red(n->right)))
    broke(w, 2);
  if(n->left != 0 && n->left == n->right)
    broke(w, 4);
  check_link(w, n, n->left);
  check_link(w, n, n->right);
}

// Steps up from n to its parent.
static const struct rb_node *
leave(struct walk *w, const struct rb_node *n)
{
  if(n->color == RB_BLACK)
    w->blacks--;
  return n->parent;
}

// Enters n, then goes down left links as far as the walk may.
static const struct rb_node *
enter_leftmost(struct walk *w, const struct rb_node *n)
{
  const struct rb_node *c;

  enter(w, n);
  while((c = down(w, n, n->left)) != 0){
    n = c;
    enter(w, n);
  }
  return n;
}

// In-order visit of n: R5 against the node before.
static void
visit(struct walk *w, const struct rb_node *n)
{
  if(w->cmp && w->prev && w->cmp(w->prev, n) >= 0)
    broke(w, 5);
  w->prev = n;
}

/*
 * Returns 0 if the tree keeps R1-R5, else the lowest-numbered invariant
 * it breaks. cmp orders the nodes as rb_insert's did; with cmp 0, R5 is
 * not checked. Only reads the tree; O(n).
 */
int
rb_check(const struct rb_root *root,
         int (*cmp)(const struct rb_node *a, const struct rb_node *b))
{
  struct walk w = { root, cmp, 0, 0, -1, 0 };
  const struct rb_node *n = root->node, *c;

  if(n == 0)
    return 0;
  if(n->color != RB_BLACK)
    broke(&w, 1);
  if(n->parent != 0)
    broke(&w, 4);
  n = enter_leftmost(&w, n);
  for(;;){
    visit(&w, n);
    if((c = down_right(&w, n)) != 0){
      n = enter_leftmost(&w, c);
      continue;
    }
    // Climb past the ancestors whose right subtree is done.
    while(n != root->node && n == down_right(&w, n->parent))
      n = leave(&w, n);
    if(n == root->node)
      break;
    n = leave(&w, n);   // up from a left child: visit the parent next
  }
  return w.broken;
}
