// SPDX-License-Identifier: GPL-2.0
/*
 * Parser and printer of the .vmf text form.
 */
#include "vmf_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 8
#define MAX_SCHED_TOKENS (VMF_MAX_SCHED + 1)

struct line {
	const char *name;
	unsigned lineno;
	char *tok[MAX_SCHED_TOKENS];
	int ntok;
	char *err;
	size_t errlen;
};

static int fail(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(l->err, l->errlen, "%s:%u: ", l->name, l->lineno);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < l->errlen)
		vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Decimal, or hex after 0x: never octal, whatever the leading zeros. */
static int parse_num(struct line *l, const char *s, uint32_t max, uint32_t *out)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *digits = hex ? s + 2 : s;
	unsigned long long v;
	char *end;

	if (!*digits || *digits == '-' || *digits == '+')
		return fail(l, "'%s' is not a number", s);
	v = strtoull(digits, &end, hex ? 16 : 10);
	if (*end)
		return fail(l, "'%s' is not a number", s);
	if (v > max)
		return fail(l, "%s is too large (at most %u)", s, max);
	*out = (uint32_t)v;
	return 0;
}

static int parse_slot(struct line *l, const char *s, uint8_t *slot)
{
	unsigned long v; /* not narrowed before the check: a4294967297 */
	char *end;

	if (s[0] != 'a' || s[1] < '0' || s[1] > '9')
		return fail(l, "'%s' is not a slot (a0..a%d)", s,
			    VMF_NSLOTS - 1);
	v = strtoul(s + 1, &end, 10);
	if (*end || v >= VMF_NSLOTS)
		return fail(l, "'%s' is not a slot (a0..a%d)", s,
			    VMF_NSLOTS - 1);
	*slot = (uint8_t)v;
	return 0;
}

static int parse_target(struct line *l, char *s, struct vmf_op *op)
{
	char *plus = strchr(s, '+');

	if (s[0] != 'a') {
		op->mode = TARGET_ADDR;
		return parse_num(l, s, UINT32_MAX, &op->a);
	}
	op->mode = TARGET_SLOT;
	if (plus)
		*plus = '\0';
	if (parse_slot(l, s, &op->slot))
		return -1;
	return plus ? parse_num(l, plus + 1, UINT32_MAX, &op->a) : 0;
}

static int want_args(struct line *l, int first, int min, int max)
{
	int n = l->ntok - first;

	if (n < min)
		return fail(l, "%s needs %d argument%s", l->tok[first - 1], min,
			    min == 1 ? "" : "s");
	if (n > max)
		return fail(l, "unexpected '%s' after %s", l->tok[first + max],
			    l->tok[first - 1]);
	return 0;
}

static int parse_kind(struct line *l, const char *s, uint8_t *mode)
{
	static const char *const kinds[NR_AREA_KINDS] = { "alloc", "ioremap",
							  "module" };
	int i;

	for (i = 0; i < NR_AREA_KINDS; i++) {
		if (!strcmp(s, kinds[i])) {
			*mode = (uint8_t)i;
			return 0;
		}
	}
	return fail(l, "unknown area kind '%s' (alloc, ioremap, module)", s);
}

static int parse_args(struct line *l, int i, struct vmf_op *op)
{
	char **t = l->tok + i;

	switch (op->code) {
	case OP_VMALLOC:
	case OP_VMALLOC_32:
	case OP_VMALLOC_USER:
		return want_args(l, i, 1, 1)
			       ?: parse_num(l, t[0], UINT32_MAX, &op->a);
	case OP_GET_VM_AREA:
		return want_args(l, i, 1, 2) ?:
		       parse_num(l, t[0], UINT32_MAX, &op->a) ?:
		       (l->ntok - i == 2 ? parse_kind(l, t[1], &op->mode) : 0);
	case OP_VMAP:
	case OP_FAIL_ALLOC:
	case OP_VM_MAP_RAM:
		return want_args(l, i, 1, 1)
			       ?: parse_num(l, t[0], 0xffff, &op->a);
	case OP_WRITE:
		return want_args(l, i, 3, 3) ?: parse_slot(l, t[0], &op->slot) ?:
		       parse_num(l, t[1], UINT32_MAX, &op->a) ?:
		       parse_num(l, t[2], UINT32_MAX, &op->b);
	case OP_TOUCH:
		return want_args(l, i, 2, 2) ?: parse_slot(l, t[0], &op->slot) ?:
		       parse_num(l, t[1], UINT32_MAX, &op->a);
	case OP_CHECK:
	case OP_FREE_VM_AREA:
	case OP_VM_UNMAP_RAM:
		return want_args(l, i, 1, 1) ?: parse_slot(l, t[0], &op->slot);
	case OP_VFREE:
	case OP_VUNMAP:
		return want_args(l, i, 1, 1) ?: parse_target(l, t[0], op);
	default:
		return want_args(l, i, 0, 0);
	}
}

static int find_op(struct line *l, const char *name, uint8_t *code)
{
	int i;

	for (i = 0; i < NR_OPS; i++) {
		if (!strcmp(name, vmf_op_names[i])) {
			*code = (uint8_t)i;
			return 0;
		}
	}
	return fail(l, "unknown operation '%s'", name);
}

/* "cpu0:" / "cpu1:" before an op: its CPU; the tokens shift past it. */
static int parse_cpu(struct line *l, struct vmf_op *op)
{
	int i;

	if (strncmp(l->tok[0], "cpu", 3) || !strchr(l->tok[0], ':'))
		return 0;
	if (strcmp(l->tok[0], "cpu0:") && strcmp(l->tok[0], "cpu1:"))
		return fail(l, "'%s' is not a CPU (cpu0: or cpu1:)", l->tok[0]);
	if (l->ntok < 2)
		return fail(l, "missing operation after '%s'", l->tok[0]);
	op->cpu = (uint8_t)(l->tok[0][3] - '0');
	for (i = 1; i < l->ntok; i++)
		l->tok[i - 1] = l->tok[i];
	l->ntok--;
	return 0;
}

/* "schedule C:N ...": runs of N yield points on CPU C (arch.h). */
static int parse_schedule(struct line *l, struct vmf_program *p)
{
	int i;

	for (i = 1; i < l->ntok; i++) {
		char *colon = strchr(l->tok[i], ':');
		uint32_t n;

		if (!colon || colon != l->tok[i] + 1 ||
		    (l->tok[i][0] != '0' && l->tok[i][0] != '1'))
			return fail(l, "'%s' is not a run CPU:COUNT (0:12)",
				    l->tok[i]);
		if (parse_num(l, colon + 1, UINT32_MAX, &n))
			return -1;
		if (prog_sched_add(p, (uint8_t)(l->tok[i][0] - '0'), n))
			return fail(l, "more than %d schedule runs",
				    VMF_MAX_SCHED);
	}
	return 0;
}

static int parse_line(struct line *l, struct vmf_op *op)
{
	int i = 0;
	uint8_t slot = 0;
	bool assign;

	memset(op, 0, sizeof(*op));
	if (parse_cpu(l, op))
		return -1;
	assign = l->ntok >= 2 && !strcmp(l->tok[1], "=");
	if (assign) {
		if (parse_slot(l, l->tok[0], &slot))
			return -1;
		if (l->ntok < 3)
			return fail(l, "missing operation after '='");
		i = 2;
	}
	if (find_op(l, l->tok[i], &op->code))
		return -1;
	if (vmf_op_assigns(op->code) && !assign)
		return fail(l, "%s needs a result slot: a0 = %s ...", l->tok[i],
			    l->tok[i]);
	if (!vmf_op_assigns(op->code) && assign)
		return fail(l, "%s returns nothing to assign", l->tok[i]);
	op->slot = slot;
	return parse_args(l, i + 1, op);
}

static void tokenize(struct line *l, char *s)
{
	char *hash = strchr(s, '#');

	if (hash)
		*hash = '\0';
	l->ntok = 0;
	for (s = strtok(s, " \t\r"); s && l->ntok < MAX_SCHED_TOKENS;
	     s = strtok(NULL, " \t\r"))
		l->tok[l->ntok++] = s;
}

/*
 * A text program is printable ASCII, tab and CR (CRLF files); a comment may
 * also hold UTF-8. Anything else (a NUL first of all, which would end the
 * line early) is an error naming the line.
 */
static int check_bytes(struct line *l, const char *s, size_t n)
{
	const char *hash = memchr(s, '#', n);
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\t' || c == '\r' || (c >= 0x20 && c < 0x7f) ||
		    (c >= 0x80 && hash && s + i > hash))
			continue;
		return fail(l,
			    "byte 0x%02x at column %zu cannot be in a text "
			    "program (binary file named .vmf?)",
			    c, i + 1);
	}
	return 0;
}

int vmf_text_parse(const char *text, size_t len, const char *name,
		   struct vmf_program *p, char *err, size_t errlen)
{
	struct line l = { .name = name, .err = err, .errlen = errlen };
	char *copy = malloc(len + 1), *s, *nl, *end = copy + len;
	int rc = 0;

	if (!copy)
		return snprintf(err, errlen, "%s: out of memory", name), -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	p->nops = 0;
	p->nsched = 0;
	for (s = copy; s && !rc; s = nl) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl)
			*nl++ = '\0';
		l.lineno++;
		if ((rc = check_bytes(&l, s,
				      (size_t)((nl ? nl - 1 : end) - s))))
			break;
		tokenize(&l, s);
		if (!l.ntok)
			continue;
		if (strcmp(l.tok[0], "schedule") && l.ntok > MAX_TOKENS)
			l.ntok = MAX_TOKENS; /* as before: extra words dropped */
		if (!strcmp(l.tok[0], "schedule"))
			rc = parse_schedule(&l, p);
		else if (p->nops == VMF_MAX_OPS)
			rc = fail(&l, "more than %d operations", VMF_MAX_OPS);
		else
			rc = parse_line(&l, &p->ops[p->nops++]);
	}
	free(copy);
	return rc;
}

char *vmf_text_format(const struct vmf_program *p)
{
	size_t slen = 10 + (size_t)p->nsched * 12;
	char *out = malloc((size_t)p->nops * 64 + slen + 1), *o = out;
	uint32_t i;

	if (!out)
		return NULL;
	for (i = 0; i < p->nops; i++) {
		int n = prog_op_format(&p->ops[i], o, 63);

		o += n < 63 ? n : 62;
		*o++ = '\n';
	}
	if (p->nsched) {
		o += prog_sched_format(p, o, (uint32_t)slen);
		*o++ = '\n';
	}
	*o = '\0';
	return out;
}
