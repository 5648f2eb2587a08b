// SPDX-License-Identifier: GPL-2.0
/*
 * core/arch.h over the software MMU: the pool lives in host memory at its
 * physical addresses, faults are the walk's answer, and arch_throw() is a
 * longjmp.
 */
#include "arch_soft.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "memlayout.h"

struct softmmu soft_mmu;

static jmp_buf try_env;
static char *con_buf;
static size_t con_len, con_cap;

int soft_machine_init(void)
{
	if (soft_mmu.mem)
		return 0;
	return softmmu_init(&soft_mmu, POOL_PHYS_START, POOL_PAGES * PAGE_SIZE);
}

void arch_console_write(const char *s, u32 n)
{
	if (con_len + n + 1 > con_cap) {
		size_t cap = con_cap ? con_cap * 2 : 4096;
		char *p;

		while (cap < con_len + n + 1)
			cap *= 2;
		p = realloc(con_buf, cap);
		if (!p)
			return;
		con_buf = p;
		con_cap = cap;
	}
	memcpy(con_buf + con_len, s, n);
	con_len += n;
	con_buf[con_len] = '\0';
}

const char *soft_console_peek(size_t *len)
{
	*len = con_len;
	return con_len ? con_buf : "";
}

char *soft_console_take(void)
{
	char *p = malloc(con_len + 1);

	if (p) {
		memcpy(p, con_len ? con_buf : "", con_len);
		p[con_len] = '\0';
	}
	con_len = 0;
	return p;
}

void soft_console_clear(void)
{
	con_len = 0;
}

void *arch_phys_to_virt(u32 phys)
{
	return softmmu_phys(&soft_mmu, phys);
}

u32 arch_virt_to_phys(const void *p)
{
	int64_t pa = softmmu_phys_of(&soft_mmu, p);

	return pa < 0 ? ARCH_NO_PHYS : (u32)pa;
}

/* Present PDEs where the firmware has its identity and direct maps, with
 * tables outside the pool, so the core meets the same page directory. */
void arch_pgd_init(pgd_t *pgd)
{
	u32 i, fake = 0x00100000u;

	for (i = 0; i < PDX(IDENTITY_MAP_END); i++, fake += PAGE_SIZE)
		pgd[i].pgd = fake | _KERNPG_TABLE;
	for (i = PDX(PAGE_OFFSET); i < PDX(PAGE_OFFSET + RAM_SIZE);
	     i++, fake += PAGE_SIZE)
		pgd[i].pgd = fake | _KERNPG_TABLE;
}

void arch_load_cr3(u32 pgd_phys)
{
	softmmu_load_cr3(&soft_mmu, pgd_phys);
}

void arch_invlpg(ulong32 va)
{
	softmmu_invlpg(&soft_mmu, va);
}

void arch_flush_tlb_all(void)
{
	softmmu_flush_all(&soft_mmu);
}

void *arch_mmu_access(ulong32 va, int write)
{
	uint32_t pa;

	if (softmmu_translate(&soft_mmu, va, write, &pa) != SOFTMMU_OK)
		return NULL;
	return softmmu_phys(&soft_mmu, pa);
}

int arch_try(void (*fn)(void *), void *arg)
{
	if (setjmp(try_env))
		return 1;
	fn(arg);
	return 0;
}

void arch_throw(void)
{
	longjmp(try_env, 1);
}
