; SPDX-License-Identifier: GPL-2.0
;
; The empty multiboot kernel of ci/bench: the floor for one QEMU or Bochs
; boot. It writes 0 to isa-debug-exit at once (QEMU exits with status 1),
; then "Shutdown" to the Bochs shutdown port (Bochs exits).

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
	mov dx, 0x8900
	mov esi, shutdown
.next:
	lodsb
	test al, al
	jz .halt
	out dx, al
	jmp .next
.halt:
	cli
	hlt
	jmp .halt

section .rodata
shutdown:
	db "Shutdown", 0
