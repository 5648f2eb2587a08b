// SPDX-License-Identifier: GPL-2.0
/*
 * Red-black tree checks (see rbcheck.h).
 */
#include "rbcheck.h"

struct walk {
	rb_less_fn less;
	const struct rb_node *prev; /* the last node visited in order */
	u32 count;
	const struct rb_node *bad;
};

/* Black height of the subtree at n (NULL counts 1), or -1 with *why set. */
static int black_height(struct walk *w, const struct rb_node *n,
			const char **why)
{
	int l, r;

	if (!n)
		return 1;
	if (n->rb_color != RB_RED && n->rb_color != RB_BLACK)
		return w->bad = n, *why = "node neither red nor black", -1;
	if ((n->rb_left && n->rb_left->rb_parent != n) ||
	    (n->rb_right && n->rb_right->rb_parent != n))
		return w->bad = n, *why = "child's parent link broken", -1;
	if (n->rb_color == RB_RED &&
	    ((n->rb_left && n->rb_left->rb_color == RB_RED) ||
	     (n->rb_right && n->rb_right->rb_color == RB_RED)))
		return w->bad = n, *why = "red node with a red child", -1;
	if ((l = black_height(w, n->rb_left, why)) < 0)
		return -1;
	if (w->less && w->prev && !w->less(w->prev, n))
		return w->bad = n, *why = "tree out of order", -1;
	w->prev = n;
	w->count++;
	if ((r = black_height(w, n->rb_right, why)) < 0)
		return -1;
	if (l != r)
		return w->bad = n, *why = "unequal black heights", -1;
	return l + (n->rb_color == RB_BLACK);
}

const char *rb_check_tree(const struct rb_root *root, rb_less_fn less,
			  u32 *count, const struct rb_node **bad)
{
	struct walk w = { less, NULL, 0, NULL };
	const char *why = NULL;

	*count = 0;
	*bad = NULL;
	if (root->rb_node && root->rb_node->rb_parent)
		return *bad = root->rb_node, "root has a parent";
	if (root->rb_node && root->rb_node->rb_color != RB_BLACK)
		return *bad = root->rb_node, "red root";
	if (black_height(&w, root->rb_node, &why) < 0) {
		*bad = w.bad;
		return why;
	}
	*count = w.count;
	return NULL;
}

const char *rb_check_node(const struct rb_root *root,
			  const struct rb_node *node, rb_less_fn less)
{
	const struct rb_node *p = node->rb_parent, *prev, *next;

	if (!p && root->rb_node != node)
		return "node not linked";
	if (p && p->rb_left != node && p->rb_right != node)
		return "child's parent link broken";
	if ((node->rb_left && node->rb_left->rb_parent != node) ||
	    (node->rb_right && node->rb_right->rb_parent != node))
		return "child's parent link broken";
	if (node->rb_color == RB_RED && p && p->rb_color == RB_RED)
		return "red node with a red child";
	if (!p && node->rb_color != RB_BLACK)
		return "red root";
	prev = rb_prev(node);
	next = rb_next(node);
	if (less && prev && !less(prev, node))
		return "tree out of order";
	if (less && next && !less(node, next))
		return "tree out of order";
	return NULL;
}
