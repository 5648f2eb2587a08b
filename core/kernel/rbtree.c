// SPDX-License-Identifier: GPL-2.0
/*
 * Red-black trees (see rbtree.h). Insertion and deletion follow the
 * textbook case analysis (Cormen et al., ch. 13) with NULL leaves, which is
 * the behaviour of Linux's lib/rbtree.c of the 2.6 era.
 */
#include "rbtree.h"

static bool is_black(const struct rb_node *n)
{
	return !n || n->rb_color == RB_BLACK;
}

/* Point parent's link that held old (the root link if parent is NULL) at
 * new. */
static void replace_child(struct rb_node *parent, struct rb_node *old,
			  struct rb_node *new, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/* x's right child takes x's place; x becomes its left child. */
static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right;

	x->rb_right = y->rb_left;
	if (y->rb_left)
		y->rb_left->rb_parent = x;
	y->rb_parent = x->rb_parent;
	replace_child(x->rb_parent, x, y, root);
	y->rb_left = x;
	x->rb_parent = y;
}

/* x's left child takes x's place; x becomes its right child. */
static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left;

	x->rb_left = y->rb_right;
	if (y->rb_right)
		y->rb_right->rb_parent = x;
	y->rb_parent = x->rb_parent;
	replace_child(x->rb_parent, x, y, root);
	y->rb_right = x;
	x->rb_parent = y;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = node->rb_parent) && parent->rb_color == RB_RED) {
		gparent = parent->rb_parent; /* a red node is never the root */
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (!is_black(uncle)) { /* recolour, move up */
				uncle->rb_color = parent->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) { /* zig-zag to zig-zig */
				rotate_left(parent, root);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_right(gparent, root);
		} else {
			uncle = gparent->rb_left;
			if (!is_black(uncle)) {
				uncle->rb_color = parent->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_left(gparent, root);
		}
	}
	root->rb_node->rb_color = RB_BLACK;
}

/* Restore rule 3 after a black node was removed above `node` (possibly
 * NULL), a child of `parent`: the path through node lacks one black. */
static void erase_color(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root)
{
	struct rb_node *other;

	while (is_black(node) && node != root->rb_node) {
		if (parent->rb_left == node) {
			other = parent->rb_right;
			if (!is_black(other)) {
				other->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_left(parent, root);
				other = parent->rb_right;
			}
			if (is_black(other->rb_left) &&
			    is_black(other->rb_right)) {
				other->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (is_black(other->rb_right)) {
				other->rb_left->rb_color = RB_BLACK;
				other->rb_color = RB_RED;
				rotate_right(other, root);
				other = parent->rb_right;
			}
			other->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			other->rb_right->rb_color = RB_BLACK;
			rotate_left(parent, root);
		} else {
			other = parent->rb_left;
			if (!is_black(other)) {
				other->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_right(parent, root);
				other = parent->rb_left;
			}
			if (is_black(other->rb_left) &&
			    is_black(other->rb_right)) {
				other->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (is_black(other->rb_left)) {
				other->rb_right->rb_color = RB_BLACK;
				other->rb_color = RB_RED;
				rotate_left(other, root);
				other = parent->rb_left;
			}
			other->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			other->rb_left->rb_color = RB_BLACK;
			rotate_right(parent, root);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		node->rb_color = RB_BLACK;
}

/* Erase a node with two children: its successor (leftmost of the right
 * subtree, which has no left child) takes its place and colour. */
static void erase_inner(struct rb_node *old, struct rb_root *root)
{
	struct rb_node *node = old->rb_right, *child, *parent;
	int color;

	while (node->rb_left)
		node = node->rb_left;
	child = node->rb_right;
	parent = node->rb_parent;
	color = node->rb_color;
	if (child)
		child->rb_parent = parent;
	if (parent == old) {
		parent->rb_right = child;
		parent = node;
	} else {
		parent->rb_left = child;
	}
	node->rb_parent = old->rb_parent;
	node->rb_color = old->rb_color;
	node->rb_right = old->rb_right;
	node->rb_left = old->rb_left;
	replace_child(old->rb_parent, old, node, root);
	old->rb_left->rb_parent = node;
	if (old->rb_right)
		old->rb_right->rb_parent = node;
	if (color == RB_BLACK)
		erase_color(child, parent, root);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;

	if (node->rb_left && node->rb_right) {
		erase_inner(node, root);
		return;
	}
	child = node->rb_left ? node->rb_left : node->rb_right;
	parent = node->rb_parent;
	if (child)
		child->rb_parent = parent;
	replace_child(parent, node, child, root);
	if (node->rb_color == RB_BLACK)
		erase_color(child, parent, root);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	const struct rb_node *n = node;

	if (n->rb_right) {
		n = n->rb_right;
		while (n->rb_left)
			n = n->rb_left;
		return (struct rb_node *)n;
	}
	while (n->rb_parent && n == n->rb_parent->rb_right)
		n = n->rb_parent;
	return n->rb_parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	const struct rb_node *n = node;

	if (n->rb_left) {
		n = n->rb_left;
		while (n->rb_right)
			n = n->rb_right;
		return (struct rb_node *)n;
	}
	while (n->rb_parent && n == n->rb_parent->rb_left)
		n = n->rb_parent;
	return n->rb_parent;
}
