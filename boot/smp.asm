; SPDX-License-Identifier: GPL-2.0
;
; The second CPU's code that C cannot be: the 16-bit trampoline that
; smp.c copies to TRAMP_BASE for the SIPI (real mode -> flat protected
; mode), the AP's 32-bit entry (paging on the BSP's page directory, the
; shared IDT, its own stack), the IPI and spurious-interrupt stubs, and the
; AP's stack reset used when its body is abandoned.

bits 16

TRAMP_BASE	equ 0x8000		; smp.c: TRAMP_BASE, SIPI vector 0x08
KCODE		equ 0x08
KDATA		equ 0x10
AP_STACK_SIZE	equ 0x4000

extern ap_main
extern ap_idle
extern hw_ipi
extern hw_idt_desc
extern hw_boot_cr3

section .text
global ap_trampoline
global ap_trampoline_end
ap_trampoline:
	cli
	cld
	mov ax, cs
	mov ds, ax
	o32 lgdt [tramp_gdt_desc - ap_trampoline]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp dword KCODE:ap_pm32
align 8
tramp_gdt:
	dq 0
	dq 0x00CF9A000000FFFF
	dq 0x00CF92000000FFFF
tramp_gdt_desc:
	dw 3 * 8 - 1
	dd TRAMP_BASE + (tramp_gdt - ap_trampoline)
ap_trampoline_end:

bits 32
ap_pm32:
	mov ax, KDATA
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov eax, [hw_boot_cr3]
	mov cr3, eax
	mov eax, cr0
	or eax, 0x80010000		; PG, WP
	mov cr0, eax
	mov esp, hw_ap_stack_top
	lidt [hw_idt_desc]
	call ap_main
.halt:
	cli
	hlt
	jmp .halt

; void ap_park_fresh(void): the AP drops every frame of its stack and
; enters ap_idle() from the top of it (an abandoned body).
global ap_park_fresh
ap_park_fresh:
	mov esp, hw_ap_stack_top
	call ap_idle
	jmp ap_pm32.halt

; The flush IPI (vector 0x40, smp.c: IPI_VECTOR) and the LAPIC's spurious
; vector (0x4F: no EOI, as the SDM says).
global hw_ipi_stub
hw_ipi_stub:
	pushad
	cld
	call hw_ipi
	popad
	iretd

global hw_spurious_stub
hw_spurious_stub:
	iretd

section .bss
align 16
global hw_ap_stack
global hw_ap_stack_top
hw_ap_stack:
	resb AP_STACK_SIZE
hw_ap_stack_top:
