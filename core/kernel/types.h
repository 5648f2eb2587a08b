/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for the allocator core.
 *
 * The core runs on i386 (the firmware) and on x86-64 (the host harness) and
 * must compute the same numbers on both, so every quantity that is an
 * `unsigned long` or a pointer-sized address on i386 is spelled `ulong32`
 * here: 32 bits wide, wrapping exactly as i386 does.
 */
#ifndef VMFUZZ_TYPES_H
#define VMFUZZ_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

/* i386's `unsigned long`: kernel virtual addresses and sizes. */
typedef uint32_t ulong32;

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ALIGN() of 2.6 include/linux/kernel.h, in i386 width. */
#define ALIGN(x, a) ((ulong32)(((ulong32)(x) + ((a)-1)) & ~((ulong32)(a)-1)))

#define memset __builtin_memset
#define memcpy __builtin_memcpy
#define memcmp __builtin_memcmp
#define strlen __builtin_strlen

#endif
