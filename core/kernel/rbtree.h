/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A red-black tree with the API of Linux's include/linux/rbtree.h (2.6):
 * the caller walks down to the leaf link, rb_link_node() hangs the node
 * there, rb_insert_color() rebalances; rb_erase() unlinks. Written for
 * vmfuzz from the red-black rules (lib/rbtree.c is the reference for
 * behaviour only). Nodes are embedded in the caller's structs (rb_entry).
 *
 * The rules, which rb_check() (rbcheck.c in the oracle) verifies:
 *   1. every node is red or black, the root is black;
 *   2. a red node has no red child;
 *   3. every path from a node down to a NULL link has the same number of
 *      black nodes.
 * Height <= 2 log2(n + 1): every operation is O(log n).
 */
#ifndef VMFUZZ_RBTREE_H
#define VMFUZZ_RBTREE_H

#include "types.h"

#define RB_RED 0
#define RB_BLACK 1

struct rb_node {
	struct rb_node *rb_parent;
	struct rb_node *rb_left;
	struct rb_node *rb_right;
	int rb_color;
};

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){ NULL })

/* A node that is in no tree (RB_CLEAR_NODE) points at itself. */
#define RB_EMPTY_NODE(node) ((node)->rb_parent == (node))
#define RB_CLEAR_NODE(node) ((node)->rb_parent = (node))

#define rb_entry(ptr, type, member)                                            \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* Hang node at *link, a NULL child link of parent (NULL: the root link). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->rb_parent = parent;
	node->rb_color = RB_RED;
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

/* Rebalance after rb_link_node(): O(log n), at most two rotations. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);

/* Unlink node from the tree and rebalance: O(log n), at most three
 * rotations. The node's own fields are left stale. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order neighbours and ends; NULL past the end or on an empty tree. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif
