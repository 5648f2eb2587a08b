// SPDX-License-Identifier: GPL-2.0
/*
 * vmlist and vmlist_lock, which both generations' vm_struct layers
 * (vmalloc.c, vmalloc28.c) and /proc/meminfo use: here so that neither
 * layer's file refers to the other's.
 */
#include "vmalloc.h"

rwlock_t vmlist_lock;
struct vm_struct *vmlist;
u32 vmlist_gen;
