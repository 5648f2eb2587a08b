; SPDX-License-Identifier: GPL-2.0
;
; The empty multiboot kernel of ci/bench: the floor for one QEMU boot. It
; writes 0 to isa-debug-exit at once (QEMU exits with status 1).

bits 32

MB_MAGIC	equ 0x1BADB002
MB_FLAGS	equ 0x00000003

section .multiboot
align 4
	dd MB_MAGIC
	dd MB_FLAGS
	dd -(MB_MAGIC + MB_FLAGS)

section .text
global _start
_start:
	mov dx, 0xf4
	xor eax, eax
	out dx, eax
.halt:
	cli
	hlt
	jmp .halt
