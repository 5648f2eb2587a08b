/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of a red-black tree (rbtree.h) that read only the tree: the
 * colour rules, the parent links and, through the caller's comparison,
 * the order. The vmap layer's agreement with its list and vmlist is
 * vmapcheck.c's.
 */
#ifndef VMFUZZ_RBCHECK_H
#define VMFUZZ_RBCHECK_H

#include "rbtree.h"

/* Is a's key below b's (strictly)? */
typedef bool (*rb_less_fn)(const struct rb_node *a, const struct rb_node *b);

/*
 * The whole tree: root black, no red node with a red child, the same black
 * count on every path, every child's parent link pointing back, in-order
 * keys strictly increasing by `less` (NULL: order not checked). Returns
 * NULL and the node count in *count, or what broke ("red node with a red
 * child", ...) with the node in *bad. O(n), recursion depth the height.
 */
const char *rb_check_tree(const struct rb_root *root, rb_less_fn less,
			  u32 *count, const struct rb_node **bad);

/*
 * The rules that involve `node` and its neighbourhood only: its links
 * agree with its parent's and children's, no red-red edge at it, and its
 * in-order neighbours are ordered around it (`less`). What broke, or
 * NULL. O(log n): what the oracle checks after an op around the nodes
 * the op touched.
 */
const char *rb_check_node(const struct rb_root *root,
			  const struct rb_node *node, rb_less_fn less);

#endif
