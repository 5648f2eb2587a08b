// SPDX-License-Identifier: GPL-2.0
/*
 * progress.png: three line charts over campaign time (executions, coverage,
 * distinct bugs), labelled with a 3x5 pixel font.
 */
#include "campaign.h"

#include <stdlib.h>
#include <string.h>

#include "png.h"

#define W 720
#define PANEL_H 170
#define NPANELS 3
#define LEFT 80
#define RIGHT 20
#define SCALE 2

enum { WHITE, BLACK, GREY, BLUE, GREEN, RED };

static const unsigned char palette[][3] = {
	[WHITE] = { 255, 255, 255 }, [BLACK] = { 0, 0, 0 },
	[GREY] = { 215, 215, 215 },  [BLUE] = { 31, 90, 200 },
	[GREEN] = { 20, 150, 60 },   [RED] = { 210, 30, 30 },
};

/* Glyphs: five rows of three bits, top row in the high bits. */
static const char glyph_chars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.:/-=";
static const unsigned short glyphs[] = {
	075557, 026227, 071747, 071717, 055711, 074717, 074757, 071111, 075757,
	075717, 025755, 065656, 034443, 065556, 074647, 074644, 034553, 055755,
	072227, 011152, 055655, 044447, 057755, 065555, 025552, 065644, 025563,
	065655, 034216, 072222, 055557, 055552, 055775, 055255, 055222, 071247,
	000002, 002020, 011244, 000700, 007070,
};

struct canvas {
	unsigned char px[W * PANEL_H * NPANELS];
};

static void dot(struct canvas *c, int x, int y, unsigned char colour)
{
	if (x >= 0 && x < W && y >= 0 && y < PANEL_H * NPANELS)
		c->px[y * W + x] = colour;
}

static void hline(struct canvas *c, int x0, int x1, int y, unsigned char col)
{
	for (; x0 <= x1; x0++)
		dot(c, x0, y, col);
}

static void vline(struct canvas *c, int x, int y0, int y1, unsigned char col)
{
	for (; y0 <= y1; y0++)
		dot(c, x, y0, col);
}

/* Bresenham, two pixels thick. */
static void line(struct canvas *c, int x0, int y0, int x1, int y1,
		 unsigned char col)
{
	int dx = abs(x1 - x0), dy = -abs(y1 - y0), err = dx + dy, e2;
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;

	for (;;) {
		dot(c, x0, y0, col);
		dot(c, x0, y0 - 1, col);
		if (x0 == x1 && y0 == y1)
			break;
		e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

static void text(struct canvas *c, int x, int y, const char *s,
		 unsigned char col)
{
	for (; *s; s++, x += 4 * SCALE) {
		const char *g = strchr(glyph_chars, *s);
		unsigned bits, r, b, shift;

		if (*s == ' ' || !g)
			continue;
		bits = glyphs[g - glyph_chars];
		for (r = 0; r < 5 * SCALE; r++) {
			for (b = 0; b < 3 * SCALE; b++) {
				shift = 3 * (4 - r / SCALE) + 2 - b / SCALE;
				if (bits >> shift & 1)
					dot(c, x + (int)b, y + (int)r, col);
			}
		}
	}
}

/* 1234567 -> "1.2M". */
static void human(double v, char *buf, size_t n)
{
	if (v >= 1e9)
		snprintf(buf, n, "%.1fG", v / 1e9);
	else if (v >= 1e6)
		snprintf(buf, n, "%.1fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(buf, n, "%.0fK", v / 1e3);
	else
		snprintf(buf, n, "%.0f", v);
}

static double value(const struct sample *s, int which)
{
	switch (which) {
	case 0:
		return (double)s->execs;
	case 1:
		return (double)s->cov;
	default:
		return (double)s->bugs;
	}
}

static void panel(struct canvas *c, int which, const struct sample *s,
		  unsigned n, double tmax)
{
	static const char *const names[] = { "EXECS", "COVERAGE", "BUGS" };
	static const unsigned char cols[] = { BLUE, GREEN, RED };
	int top = which * PANEL_H, x0 = LEFT, x1 = W - RIGHT;
	int y0 = top + 30, y1 = top + PANEL_H - 24, k, px = 0, py = 0;
	double vmax = 1;
	char label[32];
	unsigned i;

	for (i = 0; i < n; i++)
		if (value(&s[i], which) > vmax)
			vmax = value(&s[i], which);
	for (k = 0; k <= 4; k++)
		hline(c, x0, x1, y0 + (y1 - y0) * k / 4, GREY);
	vline(c, x0, y0, y1, BLACK);
	hline(c, x0, x1, y1, BLACK);
	text(c, 10, top + 10, names[which], cols[which]);
	human(vmax, label, sizeof(label));
	text(c, 10, y0 - 4, label, BLACK);
	text(c, 10, y1 - 8, "0", BLACK);
	for (i = 0; i < n; i++) {
		int x = x0 + (int)((x1 - x0) * (s[i].t / tmax));
		int y = y1 - (int)((y1 - y0) * (value(&s[i], which) / vmax));

		if (i && which == 2) {
			line(c, px, py, x, py, cols[which]);
			line(c, x, py, x, y, cols[which]);
		} else if (i) {
			line(c, px, py, x, y, cols[which]);
		}
		px = x;
		py = y;
	}
	text(c, x0, y1 + 6, "0", BLACK);
	human(tmax, label, sizeof(label));
	strcat(label, " S");
	text(c, x1 - (int)strlen(label) * 4 * SCALE, y1 + 6, label, BLACK);
}

int plot_progress(const char *path, const struct sample *s, unsigned n)
{
	struct canvas *c = malloc(sizeof(*c));
	double tmax = 1;
	unsigned i;
	int which, rc;

	if (!c)
		return -1;
	memset(c->px, WHITE, sizeof(c->px));
	for (i = 0; i < n; i++)
		if (s[i].t > tmax)
			tmax = s[i].t;
	for (which = 0; which < NPANELS; which++)
		panel(c, which, s, n, tmax);
	rc = png_write(path, W, PANEL_H * NPANELS, palette,
		       sizeof(palette) / sizeof(palette[0]), c->px);
	free(c);
	return rc;
}
