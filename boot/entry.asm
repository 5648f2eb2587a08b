; SPDX-License-Identifier: GPL-2.0
;
; Multiboot entry of the vmfuzz firmware: flat GDT, exception IDT, boot
; stack, then kmain(magic, mbi). Also the two pieces of C-hostile code:
; arch_try()/arch_throw() and the page-fault probes with their fix-ups.

bits 32

MB_MAGIC	equ 0x1BADB002
MB_FLAGS	equ 0x00000003		; page-align modules, memory info
STACK_SIZE	equ 0x10000
KCODE		equ 0x08
KDATA		equ 0x10
IDT_ENTRIES	equ 0x50		; exceptions, IPI 0x40, spurious 0x4F

extern kmain
extern hw_trap
extern hw_throw_outside
extern __bss_start
extern __bss_end
extern hw_ipi_stub
extern hw_spurious_stub
extern hw_ap_stack
extern hw_ap_stack_top
extern ap_throw

; ---------------------------------------------------------------- header
section .multiboot
align 4
	dd MB_MAGIC
	dd MB_FLAGS
	dd -(MB_MAGIC + MB_FLAGS)

; ---------------------------------------------------------------- data
section .data
align 8
gdt:
	dq 0
	dq 0x00CF9A000000FFFF		; KCODE: base 0, 4 GB, ring 0, 32-bit
	dq 0x00CF92000000FFFF		; KDATA
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dd gdt
global hw_idt_desc
hw_idt_desc:
idt_desc:
	dw IDT_ENTRIES * 8 - 1
	dd idt

section .bss
align 4096
global hw_stack_guard
hw_stack_guard:
	resb 4096			; left unmapped by hw_paging_init()
stack_bottom:
	resb STACK_SIZE
stack_top:
idt:
	resq IDT_ENTRIES
try_ctx:
	resd 6				; ebx esi edi ebp esp eip
global hw_try_active
hw_try_active:
	resd 1

; ---------------------------------------------------------------- entry
section .text
global _start
_start:
	cli
	cld
	mov ebp, eax			; multiboot magic
	; ebx: physical address of the multiboot information
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	shr ecx, 2
	xor eax, eax
	rep stosd

	lgdt [gdt_desc]
	jmp KCODE:.reload
.reload:
	mov ax, KDATA
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, stack_top
	call idt_setup

	sub esp, 8
	push ebx
	push ebp
	call kmain
.halt:
	cli
	hlt
	jmp .halt

; Fill the 32 exception gates (ring-0 interrupt gates) and load the IDT.
idt_setup:
	xor ecx, ecx
.next:
	mov eax, [isr_table + ecx * 4]
	mov [idt + ecx * 8], ax
	mov word [idt + ecx * 8 + 2], KCODE
	mov word [idt + ecx * 8 + 4], 0x8E00
	shr eax, 16
	mov [idt + ecx * 8 + 6], ax
	inc ecx
	cmp ecx, 32
	jb .next
	mov eax, hw_ipi_stub
	mov ecx, 0x40
	call .gate
	mov eax, hw_spurious_stub
	mov ecx, 0x4F
	call .gate
	lidt [idt_desc]
	ret
.gate:					; gate ecx -> eax
	mov [idt + ecx * 8], ax
	mov word [idt + ecx * 8 + 2], KCODE
	mov word [idt + ecx * 8 + 4], 0x8E00
	shr eax, 16
	mov [idt + ecx * 8 + 6], ax
	ret

; ---------------------------------------------------------------- traps
; Every stub leaves the same frame: error code (0 if the CPU pushes none)
; and vector under the CPU's eip/cs/eflags; see struct trapframe.
%macro ISR_NOERR 1
isr%1:
	push dword 0
	push dword %1
	jmp trap_common
%endmacro

%macro ISR_ERR 1
isr%1:
	push dword %1
	jmp trap_common
%endmacro

%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	ISR_ERR v
%else
	ISR_NOERR v
%endif
%assign v v + 1
%endrep

trap_common:
	pushad
	cld
	push esp			; struct trapframe *
	call hw_trap
	add esp, 4
	popad
	add esp, 8			; vector, error code
	iretd

section .rodata
align 4
isr_table:
%assign v 0
%rep 32
	dd isr %+ v
%assign v v + 1
%endrep

; ---------------------------------------------------------------- probes
; int hw_probe_read(u32 va) / hw_probe_write(u32 va): 0, or 1 when the
; access page-faulted. hw_trap() finds the faulting instruction in
; hw_extable and resumes at probe_fixup.
section .text
global hw_probe_read
hw_probe_read:
	mov ecx, [esp + 4]
probe_ld:
	mov al, [ecx]
	xor eax, eax
	ret

global hw_probe_write
hw_probe_write:
	mov ecx, [esp + 4]
probe_wld:
	mov al, [ecx]
probe_wst:
	mov [ecx], al
	xor eax, eax
	ret

probe_fixup:
	mov eax, 1
	ret

section .rodata
align 4
global hw_extable
global hw_extable_end
hw_extable:
	dd probe_ld, probe_fixup
	dd probe_wld, probe_fixup
	dd probe_wst, probe_fixup
hw_extable_end:

; ---------------------------------------------------------------- try/throw
; int arch_try(void (*fn)(void *), void *arg): 0 when fn returns, 1 when
; arch_throw() ran inside it. Saves the callee-saved registers, the stack
; pointer and the return address; not nested.
section .text
global arch_try
arch_try:
	mov eax, [esp + 4]
	mov edx, [esp + 8]
	mov [try_ctx + 0], ebx
	mov [try_ctx + 4], esi
	mov [try_ctx + 8], edi
	mov [try_ctx + 12], ebp
	lea ecx, [esp + 4]
	mov [try_ctx + 16], ecx
	mov ecx, [esp]
	mov [try_ctx + 20], ecx
	mov dword [hw_try_active], 1
	sub esp, 8
	push edx
	call eax
	add esp, 12
	mov dword [hw_try_active], 0
	xor eax, eax
	ret

; void arch_throw(void): return 1 from the running arch_try(); every frame
; below it (an interrupt frame too) is abandoned.
; On the AP (its stack), the throw is carried to the BSP: ap_throw().
global arch_throw
arch_throw:
	cmp esp, hw_ap_stack
	jb .bsp
	cmp esp, hw_ap_stack_top
	jbe ap_throw
.bsp:
	cmp dword [hw_try_active], 0
	je hw_throw_outside
	mov dword [hw_try_active], 0
	mov ebx, [try_ctx + 0]
	mov esi, [try_ctx + 4]
	mov edi, [try_ctx + 8]
	mov ebp, [try_ctx + 12]
	mov esp, [try_ctx + 16]
	mov eax, 1
	jmp [try_ctx + 20]
