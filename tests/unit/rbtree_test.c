/*
 * Host unit test for kernel/lib/rbtree.c, built by tests/run-tests:
 *   gcc -Wall -Werror -O2 -Iinclude -Ikernel tests/unit/rbtree_test.c kernel/lib/rbtree.c
 *
 * Directed cases pin each operation on small trees; random cases run a
 * million inserts and erases each (seeded, so every run is the same)
 * against a simple reference, the set of keys present, and check the tree
 * against it: the touched key after every operation, and rb_check plus a
 * full in-order comparison every few operations (every one on a small
 * key range). The check_catches cases break trees on purpose and expect
 * rb_check to name the right invariant (R1-R5 in rbtree.h).
 *
 * Output follows the test protocol: one "test NAME: OK/FAILED" line per
 * case, then "rbtree_test: N passed, N failed". "rbtree_test NAME" runs
 * one case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "lib/rbtree.h"

// A tree element: an int key and the embedded node.
struct item {
  int key;
  struct rb_node rb;
};

static int
cmp_items(const struct rb_node *a, const struct rb_node *b)
{
  int ka = rb_entry(a, struct item, rb)->key;
  int kb = rb_entry(b, struct item, rb)->key;

  return (ka > kb) - (ka < kb);
}

static int
cmp_key(const void *key, const struct rb_node *n)
{
  int k = *(const int *)key;
  int kn = rb_entry(n, struct item, rb)->key;

  return (k > kn) - (k < kn);
}

// n's key, or -1 for no node: lets EXPECT compare and print nodes.
static long
key_of(const struct rb_node *n)
{
  return n ? rb_entry(n, struct item, rb)->key : -1;
}

static struct rb_node *
find(struct rb_root *root, int k)
{
  return rb_find(root, &k, cmp_key);
}

/* ---- reporting ---- */

static int passed, failed;
static int case_ok;        // the current case has not failed yet
static long cur_op = -1;   // the random operation under way, or -1
static int cur_key;

// Prints the case's failure (the first only); returns 0 for EXPECT.
static int
fail(int line, const char *what, long expected, long got)
{
  if(case_ok){
    printf("FAILED (%s:%d: ", __FILE__, line);
    if(cur_op >= 0)
      printf("op %ld key %d: ", cur_op, cur_key);
    printf("%s, expected %ld, got %ld)\n", what, expected, got);
  }
  case_ok = 0;
  return 0;
}

// Every checking function returns 1, or 0 once something failed.
#define EXPECT(what, expected, got) \
  do { \
    long e_ = (expected), g_ = (got); \
    if(e_ != g_) \
      return fail(__LINE__, what, e_, g_); \
  } while(0)

#define TRY(call) \
  do { if(!(call)) return 0; } while(0)

/* ---- helpers ---- */

// xorshift64*: a small PRNG, the same sequence on every host.
static uint64_t rng_state;

static void
rng_seed(uint64_t seed)
{
  rng_state = seed ? seed : 1;
}

static uint32_t
rnd(uint32_t n)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32) % n;
}

static void
shuffle(int *a, int n)
{
  for(int i = n - 1; i > 0; i--){
    int j = rnd(i + 1), t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

// items[k] gets key k.
static struct item *
new_items(int n)
{
  struct item *items = calloc(n, sizeof(*items));

  if(items == 0){
    perror("rbtree_test: calloc");
    exit(2);
  }
  for(int k = 0; k < n; k++)
    items[k].key = k;
  return items;
}

static int
insert(struct rb_root *root, struct item *items, int k)
{
  EXPECT("rb_insert of a new key returns 0", -1, key_of(rb_insert(root, &items[k].rb, cmp_items)));
  return 1;
}

// Tree height in nodes (recursive: the host has stack to spare).
static int
height(const struct rb_node *n)
{
  if(n == 0)
    return 0;
  int l = height(n->left), r = height(n->right);
  return 1 + (l > r ? l : r);
}

/*
 * The whole tree against the reference: rb_check passes, and an in-order
 * walk meets exactly the present keys, in increasing order.
 */
static int
check_tree(struct rb_root *root, const char *present, int nkeys)
{
  struct rb_node *n;
  long count = 0, prev = -1, want = 0;

  EXPECT("rb_check", 0, rb_check(root, cmp_items));
  for(int k = 0; k < nkeys; k++)
    want += present[k];
  for(n = rb_first(root); n != 0 && count <= nkeys; n = rb_next(n)){
    long k = key_of(n);
    EXPECT("in-order walk: keys increase", 1, k > prev);
    EXPECT("in-order walk: key in range", 1, k < nkeys);
    EXPECT("in-order walk: key is in the reference", 1, present[k]);
    prev = k;
    count++;
  }
  EXPECT("tree size", want, count);
  return 1;
}

/* ---- directed cases ---- */

static struct rb_root static_root = RB_ROOT;

// An empty tree: nothing to find or walk, and it passes rb_check.
static int
test_empty(void)
{
  struct rb_root root = RB_ROOT;

  EXPECT("static RB_ROOT is empty", -1, key_of(static_root.node));
  EXPECT("rb_first of an empty tree", -1, key_of(rb_first(&root)));
  EXPECT("rb_find in an empty tree", -1, key_of(find(&root, 0)));
  EXPECT("rb_check of an empty tree", 0, rb_check(&root, cmp_items));
  return 1;
}

// One node: it is the black root, first and last; erasing it empties the tree.
static int
test_single(void)
{
  struct rb_root root = RB_ROOT;
  struct item it = { .key = 7 };

  EXPECT("rb_insert", -1, key_of(rb_insert(&root, &it.rb, cmp_items)));
  EXPECT("root", 7, key_of(root.node));
  EXPECT("root color", RB_BLACK, it.rb.color);
  EXPECT("rb_first", 7, key_of(rb_first(&root)));
  EXPECT("rb_next of the only node", -1, key_of(rb_next(&it.rb)));
  EXPECT("rb_find hit", 7, key_of(find(&root, 7)));
  EXPECT("rb_find miss below", -1, key_of(find(&root, 6)));
  EXPECT("rb_find miss above", -1, key_of(find(&root, 8)));
  EXPECT("rb_check", 0, rb_check(&root, cmp_items));
  rb_erase(&root, &it.rb);
  EXPECT("root after erase", -1, key_of(root.node));
  EXPECT("rb_first after erase", -1, key_of(rb_first(&root)));
  EXPECT("rb_check after erase", 0, rb_check(&root, cmp_items));
  return 1;
}

#define NSEQ 10000

// Inserts keys in the order given, with rb_check after each; then the
// contents, and the height bound R2 and R3 promise: 2*log2(n+1).
static int
insert_in_order(const int *order, int n)
{
  struct rb_root root = RB_ROOT;
  struct item *items = new_items(n);
  char *present = calloc(n, 1);
  int ok = 1, bound = 0;

  for(int i = 0; ok && i < n; i++){
    ok = insert(&root, items, order[i]);
    if(ok && rb_check(&root, cmp_items) != 0)
      ok = fail(__LINE__, "rb_check after insert", 0, rb_check(&root, cmp_items));
    present[order[i]] = 1;
  }
  if(ok)
    ok = check_tree(&root, present, n);
  while((1L << bound) < n + 1)
    bound++;
  if(ok && height(root.node) > 2 * bound)
    ok = fail(__LINE__, "height at most 2*log2(n+1)", 2 * bound, height(root.node));
  free(present);
  free(items);
  return ok;
}

// Sorted input, the worst case for an unbalanced tree.
static int
test_ascending(void)
{
  int order[NSEQ];

  for(int i = 0; i < NSEQ; i++)
    order[i] = i;
  return insert_in_order(order, NSEQ);
}

static int
test_descending(void)
{
  int order[NSEQ];

  for(int i = 0; i < NSEQ; i++)
    order[i] = NSEQ - 1 - i;
  return insert_in_order(order, NSEQ);
}

// Erases nodes in the order given; rb_check after each, and the contents
// every 97 erases and at the end (when the tree must be empty).
static int
erase_in_order(struct rb_root *root, struct item *items, char *present,
               const int *order, int n)
{
  for(int i = 0; i < n; i++){
    cur_key = order[i];
    rb_erase(root, &items[order[i]].rb);
    present[order[i]] = 0;
    EXPECT("rb_check after erase", 0, rb_check(root, cmp_items));
    EXPECT("rb_find of the erased key", -1, key_of(find(root, order[i])));
    if(i % 97 == 0)
      TRY(check_tree(root, present, n));
  }
  TRY(check_tree(root, present, n));
  EXPECT("root after erasing all", -1, key_of(root->node));
  return 1;
}

// 10,000 keys inserted in one random order and erased in another.
static int
test_erase_all_random(void)
{
  struct rb_root root = RB_ROOT;
  struct item *items = new_items(NSEQ);
  char *present = calloc(NSEQ, 1);
  int order[NSEQ], ok = 1;

  rng_seed(0x5eed0001);
  for(int i = 0; i < NSEQ; i++)
    order[i] = i;
  shuffle(order, NSEQ);
  for(int i = 0; ok && i < NSEQ; i++){
    ok = insert(&root, items, order[i]);
    present[order[i]] = 1;
  }
  shuffle(order, NSEQ);
  if(ok)
    ok = erase_in_order(&root, items, present, order, NSEQ);
  free(present);
  free(items);
  return ok;
}

// Inserting a key that is there returns the node that holds it and changes
// nothing: neither the tree nor the rejected node.
static int
test_duplicate(void)
{
  struct rb_root root = RB_ROOT;
  struct item *items = new_items(100);
  struct item dup, before;
  char present[100];

  memset(present, 1, sizeof(present));
  for(int i = 0; i < 100; i++)
    TRY(insert(&root, items, (i * 37) % 100));
  for(int k = 0; k < 100; k += 9){
    memset(&dup, 0xa5, sizeof(dup));
    dup.key = k;
    before = dup;
    EXPECT("rb_insert of a duplicate returns the existing node",
           (long)&items[k].rb, (long)rb_insert(&root, &dup.rb, cmp_items));
    EXPECT("rejected node untouched", 0, memcmp(&dup, &before, sizeof(dup)));
    TRY(check_tree(&root, present, 100));
  }
  return 1;
}

// rb_find returns the very node for each key present, 0 for each absent.
static int
test_find(void)
{
  struct rb_root root = RB_ROOT;
  struct item *items = new_items(2001);
  int order[1001];

  rng_seed(0x5eed0003);
  for(int i = 0; i <= 1000; i++)
    order[i] = 2 * i;
  shuffle(order, 1001);
  for(int i = 0; i <= 1000; i++)
    TRY(insert(&root, items, order[i]));
  for(int k = -3; k <= 2003; k++){
    struct rb_node *n = find(&root, k);
    if(k >= 0 && k <= 2000 && k % 2 == 0)
      EXPECT("rb_find hit returns the node", (long)&items[k].rb, (long)n);
    else
      EXPECT("rb_find miss", -1, key_of(n));
  }
  free(items);
  return 1;
}

// rb_first/rb_next visit every node once, in key order, whatever the
// insertion order.
static int
test_next_order(void)
{
  struct rb_root root = RB_ROOT;
  struct item *items = new_items(5000);
  int order[2500], i;
  struct rb_node *n;

  rng_seed(0x5eed0004);
  for(i = 0; i < 2500; i++)
    order[i] = 2 * i + 1;
  shuffle(order, 2500);
  for(i = 0; i < 2500; i++)
    TRY(insert(&root, items, order[i]));
  i = 0;
  for(n = rb_first(&root); n != 0 && i <= 2500; n = rb_next(n), i++)
    EXPECT("in-order key", 2 * i + 1, key_of(n));
  EXPECT("nodes walked", 2500, i);
  return 1;
}

/* ---- rb_check catches broken trees ---- */

// Links c as n's left or right child.
static void
link_child(struct item *n, struct item *c, int right)
{
  if(right)
    n->rb.right = &c->rb;
  else
    n->rb.left = &c->rb;
  c->rb.parent = &n->rb;
}

/*
 * Builds this valid tree by hand, it[k] holding key k:
 *
 *              4(B)
 *            /      \
 *        2(B)        6(B)
 *        /  \        /  \
 *     1(R)  3(R)  5(R)  7(R)
 */
static void
build7(struct rb_root *root, struct item *it)
{
  memset(it, 0, 8 * sizeof(*it));
  for(int k = 1; k <= 7; k++){
    it[k].key = k;
    it[k].rb.color = (k % 2) ? RB_RED : RB_BLACK;
  }
  link_child(&it[4], &it[2], 0);
  link_child(&it[4], &it[6], 1);
  link_child(&it[2], &it[1], 0);
  link_child(&it[2], &it[3], 1);
  link_child(&it[6], &it[5], 0);
  link_child(&it[6], &it[7], 1);
  root->node = &it[4].rb;
}

// Each corruption of the hand-built tree, and the invariant rb_check must
// name (the lowest broken one).
static int
test_check_catches_hand(void)
{
  struct rb_root root;
  struct item it[8];

  build7(&root, it);
  EXPECT("the hand-built tree is valid", 0, rb_check(&root, cmp_items));

  build7(&root, it);
  it[4].rb.color = RB_RED;                 // red root, black children
  EXPECT("red root: R1", 1, rb_check(&root, cmp_items));

  build7(&root, it);
  it[2].rb.color = RB_RED;                 // red 2 over red 1, 3 (and R3)
  EXPECT("red under red: R2", 2, rb_check(&root, cmp_items));

  build7(&root, it);
  it[7].rb.color = RB_BLACK;               // one path with a black more
  EXPECT("uneven black height: R3", 3, rb_check(&root, cmp_items));

  build7(&root, it);
  it[3].rb.parent = &it[6].rb;             // 2 links to 3, 3 names 6
  EXPECT("wrong parent pointer: R4", 4, rb_check(&root, cmp_items));

  build7(&root, it);
  it[4].rb.parent = &it[1].rb;             // the root has a parent
  EXPECT("root with a parent: R4", 4, rb_check(&root, cmp_items));

  build7(&root, it);
  it[7].rb.left = &it[4].rb;               // a loop back to the root
  EXPECT("link back to the root: R4", 4, rb_check(&root, cmp_items));

  build7(&root, it);
  it[1].rb.right = &it[2].rb;              // a loop back to an inner node
  EXPECT("link back up to 2: R4", 4, rb_check(&root, cmp_items));

  build7(&root, it);
  it[6].rb.right = &it[5].rb;              // 5 linked twice from 6
  EXPECT("same child twice: R4", 4, rb_check(&root, cmp_items));

  build7(&root, it);
  it[1].key = 3;                           // keys 3 2 3 4 ... in order
  it[3].key = 1;
  EXPECT("keys out of order: R5", 5, rb_check(&root, cmp_items));
  EXPECT("keys out of order, no cmp: not checked", 0, rb_check(&root, 0));

  build7(&root, it);
  it[3].key = 2;                           // a key twice
  EXPECT("equal keys: R5", 5, rb_check(&root, cmp_items));
  return 1;
}

// Corruptions of a tree that rb_insert built.
static int
test_check_catches_built(void)
{
  struct rb_root root = RB_ROOT;
  struct item *items = new_items(200);
  struct rb_node *n, *saved;
  int order[200];

  rng_seed(0x5eed0005);
  for(int i = 0; i < 200; i++)
    order[i] = i;
  shuffle(order, 200);
  for(int i = 0; i < 200; i++)
    TRY(insert(&root, items, order[i]));
  EXPECT("the built tree is valid", 0, rb_check(&root, cmp_items));

  root.node->color = RB_RED;
  EXPECT("red root: R1", 1, rb_check(&root, cmp_items));
  root.node->color = RB_BLACK;

  // Some node's parent pointer aimed at the wrong node.
  n = &items[order[57]].rb;
  if(n == root.node)
    n = &items[order[58]].rb;
  saved = n->parent;
  n->parent = (saved == &items[0].rb) ? &items[1].rb : &items[0].rb;
  EXPECT("wrong parent pointer: R4", 4, rb_check(&root, cmp_items));
  n->parent = saved;

  // The largest key made the smallest.
  items[199].key = -5;
  EXPECT("last key too small: R5", 5, rb_check(&root, cmp_items));
  items[199].key = 199;
  EXPECT("repaired tree is valid", 0, rb_check(&root, cmp_items));
  free(items);
  return 1;
}

/* ---- random operations against a reference ---- */

/*
 * The reference: which keys are in the tree. keys[] holds every key, the
 * present ones in keys[0 .. size-1] and the absent ones after, and pos[k]
 * is k's index in keys[]: so a random present or absent key, and moving a
 * key across, take O(1).
 */
struct ref {
  int nkeys;       // keys are 0 .. nkeys-1
  int size;        // keys present
  int *keys;
  int *pos;
  char *present;   // present[k]: key k is in the tree
};

static void
ref_init(struct ref *r, int nkeys)
{
  r->nkeys = nkeys;
  r->size = 0;
  r->keys = malloc(nkeys * sizeof(int));
  r->pos = malloc(nkeys * sizeof(int));
  r->present = calloc(nkeys, 1);
  if(r->keys == 0 || r->pos == 0 || r->present == 0){
    perror("rbtree_test: malloc");
    exit(2);
  }
  for(int k = 0; k < nkeys; k++)
    r->keys[k] = r->pos[k] = k;
}

static void
ref_free(struct ref *r)
{
  free(r->keys);
  free(r->pos);
  free(r->present);
}

static void
ref_swap(struct ref *r, int i, int j)
{
  int a = r->keys[i], b = r->keys[j];

  r->keys[i] = b;
  r->pos[b] = i;
  r->keys[j] = a;
  r->pos[a] = j;
}

// Moves key k from absent to present (add 1) or back (add 0).
static void
ref_move(struct ref *r, int k, int add)
{
  if(add){
    ref_swap(r, r->pos[k], r->size);
    r->size++;
  } else {
    r->size--;
    ref_swap(r, r->pos[k], r->size);
  }
  r->present[k] = add;
}

// Inserts a random absent key; first checks that inserting a present key
// is refused.
static int
random_insert(struct rb_root *root, struct item *items, struct ref *r)
{
  struct item dup;
  int k;

  if(r->size > 0){
    k = r->keys[rnd(r->size)];
    dup.key = k;
    EXPECT("rb_insert of a present key returns its node",
           (long)&items[k].rb, (long)rb_insert(root, &dup.rb, cmp_items));
  }
  cur_key = k = r->keys[r->size + rnd(r->nkeys - r->size)];
  TRY(insert(root, items, k));
  ref_move(r, k, 1);
  return 1;
}

// Erases a random present key; first checks that an absent key is not found.
static int
random_erase(struct rb_root *root, struct item *items, struct ref *r)
{
  int k;

  if(r->size < r->nkeys){
    k = r->keys[r->size + rnd(r->nkeys - r->size)];
    EXPECT("rb_find of an absent key", -1, key_of(find(root, k)));
  }
  cur_key = k = r->keys[rnd(r->size)];
  rb_erase(root, &items[k].rb);
  ref_move(r, k, 0);
  return 1;
}

// After each operation: the touched key is found exactly when present,
// and when present its successor is a larger present key.
static int
check_touched(struct rb_root *root, struct item *items, struct ref *r, int k)
{
  struct rb_node *n = find(root, k);
  long next;

  if(!r->present[k]){
    EXPECT("rb_find of the erased key", -1, key_of(n));
    return 1;
  }
  EXPECT("rb_find of the inserted key returns it", (long)&items[k].rb, (long)n);
  next = key_of(rb_next(n));
  if(next >= 0){
    EXPECT("rb_next is larger", 1, next > k);
    EXPECT("rb_next is present", 1, r->present[next]);
  }
  return 1;
}

/*
 * ops random inserts and erases over keys 0 .. nkeys-1, checking the
 * whole tree every check_every operations. The insert share swings
 * between 70% and 30% every 3*nkeys operations, so the tree fills up,
 * empties, and passes every size in between.
 */
static int
random_run(int nkeys, long ops, int check_every, uint64_t seed)
{
  struct rb_root root = RB_ROOT;
  struct item *items = new_items(nkeys);
  struct ref r;
  int ok = 1, grow;

  ref_init(&r, nkeys);
  rng_seed(seed);
  for(cur_op = 0; ok && cur_op < ops; cur_op++){
    grow = (cur_op / (3L * nkeys)) % 2 == 0;
    if(r.size == 0 || (r.size < nkeys && rnd(100) < (grow ? 70 : 30)))
      ok = random_insert(&root, items, &r);
    else
      ok = random_erase(&root, items, &r);
    if(ok)
      ok = check_touched(&root, items, &r, cur_key);
    if(ok && cur_op % check_every == 0)
      ok = check_tree(&root, r.present, nkeys);
  }
  if(ok)
    ok = check_tree(&root, r.present, nkeys);
  cur_op = -1;
  ref_free(&r);
  free(items);
  return ok;
}

#define RANDOM_OPS 1000000L

// 64 keys: the whole tree checked after every operation.
static int
test_random_small(void)
{
  return random_run(64, RANDOM_OPS, 1, 0x5eed0010);
}

static int
test_random_medium(void)
{
  return random_run(1024, RANDOM_OPS, 16, 0x5eed0011);
}

static int
test_random_large(void)
{
  return random_run(65536, RANDOM_OPS, 1000, 0x5eed0012);
}

static struct {
  const char *name;
  int (*fn)(void);
} cases[] = {
  { "empty", test_empty },
  { "single", test_single },
  { "ascending", test_ascending },
  { "descending", test_descending },
  { "erase_all_random", test_erase_all_random },
  { "duplicate", test_duplicate },
  { "find", test_find },
  { "next_order", test_next_order },
  { "check_catches_hand", test_check_catches_hand },
  { "check_catches_built", test_check_catches_built },
  { "random_small", test_random_small },
  { "random_medium", test_random_medium },
  { "random_large", test_random_large },
};

int
main(int argc, char *argv[])
{
  for(int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++){
    if(argc > 1 && strcmp(argv[1], cases[i].name) != 0)
      continue;
    printf("test %s: ", cases[i].name);
    fflush(stdout);
    case_ok = 1;
    cases[i].fn();
    if(case_ok){
      printf("OK\n");
      passed++;
    } else {
      failed++;
    }
  }
  printf("rbtree_test: %d passed, %d failed\n", passed, failed);
  return failed != 0;
}
