/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software MMU: simulated physical memory, the i386 two-level walk over
 * the PDE/PTE bits the core wrote, and a strict TLB.
 *
 * The TLB never evicts: a translation, once filled, is used until invlpg of
 * its page or a CR3 load (or flush-all), exactly what the architecture
 * allows and what a missing flush exposes. Accessed and dirty bits are set
 * as the hardware sets them. Supervisor accesses only; CR0.WP is on.
 */
#ifndef VMFUZZ_SOFTMMU_H
#define VMFUZZ_SOFTMMU_H

#include <stdint.h>

enum softmmu_fault {
	SOFTMMU_OK = 0,
	SOFTMMU_PDE_NOT_PRESENT,
	SOFTMMU_PTE_NOT_PRESENT,
	SOFTMMU_READ_ONLY,
	SOFTMMU_OUT_OF_RANGE, /* a page table outside simulated memory */
};

struct softmmu_stats {
	uint64_t hits, misses, walks, invlpgs, flushes;
	/* hits on an entry the page tables no longer hold (frame changed or
	 * PTE cleared): where a finite TLB may have behaved otherwise */
	uint64_t stale;
};

struct softmmu {
	uint8_t *mem;	     /* simulated physical memory */
	uint32_t base, size; /* its physical address range [base, base+size) */
	uint32_t cr3;
	uint32_t *tlb;	  /* by vpn: frame | TLB_* bits, 0 = no entry */
	uint32_t *filled; /* vpns with an entry, for O(touched) flushes */
	uint32_t nfilled;
	struct softmmu_stats stats;
};

/* PROT_NONE bytes on each side of simulated memory. */
#define SOFTMMU_GUARD (16u << 20)

/*
 * Set up *m with `size` bytes of zeroed memory at physical `base` (lazily
 * mapped: untouched memory costs nothing), placed at host address `base`
 * when that range is free, and always between two PROT_NONE guards of
 * SOFTMMU_GUARD bytes. Returns 0, or -1 when memory cannot be had.
 */
int softmmu_init(struct softmmu *m, uint32_t base, uint32_t size);
void softmmu_fini(struct softmmu *m);

/* Another CPU's MMU over boot's memory: its own, empty TLB, boot's CR3.
 * Returns 0, or -1 when memory cannot be had. Never softmmu_fini()ed. */
int softmmu_init_cpu(struct softmmu *m, const struct softmmu *boot);

/* Host pointer to physical address pa, or NULL outside simulated memory. */
void *softmmu_phys(struct softmmu *m, uint32_t pa);

/* Physical address of a host pointer into simulated memory, or -1. */
int64_t softmmu_phys_of(const struct softmmu *m, const void *p);

/*
 * Translate a supervisor access to va (write != 0: a store) through the TLB,
 * walking the page tables on a miss and filling the TLB on success. Returns
 * SOFTMMU_OK with *pa set (a present PTE translates even when its frame is
 * outside simulated memory, as on x86), or the reason of the page fault.
 */
enum softmmu_fault softmmu_translate(struct softmmu *m, uint32_t va, int write,
				     uint32_t *pa);

/* CR3 load (flushes the TLB), invlpg, flush everything. */
void softmmu_load_cr3(struct softmmu *m, uint32_t pgd_pa);
void softmmu_invlpg(struct softmmu *m, uint32_t va);
void softmmu_flush_all(struct softmmu *m);

#endif
