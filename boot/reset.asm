; SPDX-License-Identifier: GPL-2.0
;
; A multiboot kernel for the executors' tests: it begins program 0 (the
; guest protocol, on COM1 and port 0xE9) and then triple-faults (an empty
; IDT, int3), so `vmfuzz qemu` and `vmfuzz bochs` must call it a reset.
; Assembled with -DHANG (vmfuzz-hang.elf) it spins instead, interrupts off,
; forever: a guest that really stops making progress after its first mark,
; so the watchdog's verdict does not depend on how fast the emulator is.

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
	cli
	mov esi, begin
.next:
	lodsb
	test al, al
	jz .fault
	mov dx, 0x3F8
	out dx, al
	mov dx, 0xE9
	out dx, al
	jmp .next
.fault:
%ifdef HANG
.spin:
	pause
	jmp .spin
%endif
	lidt [empty_idt]
	int3
.halt:
	hlt
	jmp .halt

section .rodata
begin:
	db "@@vmfuzz begin 0", 10, 0
align 4
empty_idt:
	dw 0
	dd 0
