// SPDX-License-Identifier: GPL-2.0
/*
 * core/kernel/rbtree.c against its rules: thousands of random inserts and
 * erases, the tree checked after every step (rb_check_tree: colours, black
 * heights, parent links, order) and its in-order walk compared with a
 * sorted shadow array; then the checker itself must catch broken trees.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rbcheck.h"
#include "rbtree.h"

#define NKEYS 3000

struct item {
	u32 key;
	struct rb_node node;
	bool in;
};

static struct item items[NKEYS];
static struct rb_root root;
static u32 shadow[NKEYS], nshadow; /* sorted keys in the tree */
static u64 rng = 88172645463325252ull;

static u32 next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)rng;
}

static bool less(const struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct item, node)->key <
	       rb_entry(b, struct item, node)->key;
}

static void insert(struct item *it)
{
	struct rb_node **link = &root.rb_node, *parent = NULL;
	u32 i;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, node)->key
			       ? &parent->rb_left
			       : &parent->rb_right;
	}
	rb_link_node(&it->node, parent, link);
	rb_insert_color(&it->node, &root);
	it->in = true;
	for (i = nshadow++; i && shadow[i - 1] > it->key; i--)
		shadow[i] = shadow[i - 1];
	shadow[i] = it->key;
}

static void erase(struct item *it)
{
	u32 i;

	rb_erase(&it->node, &root);
	it->in = false;
	for (i = 0; shadow[i] != it->key; i++)
		;
	memmove(shadow + i, shadow + i + 1, (--nshadow - i) * sizeof(u32));
}

/* The tree's rules and its in-order walk (both ways) against the shadow. */
static bool tree_ok(void)
{
	const struct rb_node *bad, *n;
	const char *why;
	u32 count, i = 0;

	why = rb_check_tree(&root, less, &count, &bad);
	if (why || count != nshadow) {
		CHECK(0, "%s, %u nodes for %u keys", why ? why : "count", count,
		      nshadow);
		return false;
	}
	for (n = rb_first(&root); n; n = rb_next(n), i++)
		if (i >= nshadow ||
		    rb_entry(n, struct item, node)->key != shadow[i]) {
			CHECK(0, "in-order walk differs at %u", i);
			return false;
		}
	for (n = rb_last(&root); n; n = rb_prev(n))
		if (!i-- || rb_entry(n, struct item, node)->key != shadow[i]) {
			CHECK(0, "reverse walk differs");
			return false;
		}
	return true;
}

static void random_steps(unsigned steps)
{
	unsigned s, good = 0;

	for (s = 0; s < steps; s++) {
		struct item *it = &items[next_rand() % NKEYS];

		if (it->in)
			erase(it);
		else
			insert(it);
		if (!tree_ok())
			break;
		good++;
		/* local check around the node just inserted */
		if (it->in && rb_check_node(&root, &it->node, less))
			CHECK(0, "rb_check_node rejects a valid node");
	}
	CHECK(good == steps, "%u of %u steps kept a valid tree", good, steps);
}

/* Sequential inserts then erases in order (the worst case for a naive
 * tree) and the height bound 2 log2(n + 1). */
static unsigned height(const struct rb_node *n)
{
	unsigned l, r;

	if (!n)
		return 0;
	l = height(n->rb_left);
	r = height(n->rb_right);
	return 1 + (l > r ? l : r);
}

static void sequential(void)
{
	u32 i;

	for (i = 0; i < NKEYS; i++) {
		items[i].key = i;
		insert(&items[i]);
	}
	CHECK(tree_ok(), "sequential inserts");
	CHECK(height(root.rb_node) <= 24, "height %u for %u nodes",
	      height(root.rb_node), NKEYS);
	for (i = 0; i < NKEYS; i++)
		erase(&items[i]);
	CHECK(tree_ok() && !root.rb_node, "sequential erases empty the tree");
}

/* The checker must reject what breaks each rule. */
static void checker_catches(void)
{
	const struct rb_node *bad;
	struct rb_node *n;
	u32 count, i;

	for (i = 0; i < 64; i++) {
		items[i].key = i * 2;
		insert(&items[i]);
	}
	CHECK(tree_ok(), "64 keys");
	n = root.rb_node;
	n->rb_color = RB_RED;
	CHECK(rb_check_tree(&root, less, &count, &bad), "red root caught");
	n->rb_color = RB_BLACK;
	n = rb_first(&root)->rb_parent; /* a leaf's parent */
	n->rb_left->rb_color ^= 1;
	CHECK(rb_check_tree(&root, less, &count, &bad),
	      "colour flip of a leaf caught");
	n->rb_left->rb_color ^= 1;
	rb_entry(n, struct item, node)->key += 1000;
	CHECK(rb_check_tree(&root, less, &count, &bad), "order caught");
	CHECK(rb_check_node(&root, n, less), "order caught locally");
	rb_entry(n, struct item, node)->key -= 1000;
	n->rb_left->rb_parent = n->rb_right;
	CHECK(rb_check_tree(&root, less, &count, &bad), "parent link caught");
	n->rb_left->rb_parent = n;
	CHECK(tree_ok(), "restored");
	for (i = 0; i < 64; i++)
		erase(&items[i]);
}

int main(void)
{
	u32 i;

	for (i = 0; i < NKEYS; i++)
		items[i].key = next_rand() % 100000u * NKEYS + i; /* distinct */
	random_steps(20000);
	for (i = 0; i < NKEYS; i++)
		if (items[i].in)
			erase(&items[i]);
	CHECK(tree_ok() && !root.rb_node, "erasing every key empties it");
	sequential();
	checker_catches();
	return check_done("rbtree");
}
