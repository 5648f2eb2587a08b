; SPDX-License-Identifier: GPL-2.0
;
; The Bochs boot floppy: a 512-byte boot sector, then zeros to 1.44 MB.
;
; Bochs's optramimage lines put everything in RAM before the BIOS runs
; (harness/bochs.c): the firmware, flattened, at 1 MB; the boot block at
; BOOT_BLOCK (magic, entry point, then a multiboot information block whose
; command line and one module -- the program bundle -- the host filled in);
; the bundle after it. This sector adds what only the BIOS knows (the memory
; size, INT 12h and INT 15h E801h), opens A20, enters protected mode with a
; flat GDT and jumps to the entry with EAX = 0x2BADB002, EBX = the block:
; the firmware's multiboot entry sees what QEMU's loader gives it.

bits 16
org 0x7C00

BOOT_BLOCK	equ 0x00800000		; harness/bochs.c: BOOT_BLOCK_ADDR
BB_MAGIC	equ 0x50424D56		; "VMBP"
BB_ENTRY	equ 4
BB_MBI		equ 8			; struct multiboot_info
MBI_FLAGS	equ BB_MBI + 0
MBI_MEM_LOWER	equ BB_MBI + 4
MBI_MEM_UPPER	equ BB_MBI + 8
MBI_MEMINFO	equ 0x001
BOOTLOADER_MAGIC equ 0x2BADB002
DEBUGCON	equ 0xE9
SHUTDOWN	equ 0x8900

start:
	cli
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7C00
	int 0x12			; ax: KB below 640 K
	movzx esi, ax
	mov ax, 0xE801			; ax: KB 1-16 MB, bx: 64 KB above 16 MB
	int 0x15
	movzx edi, ax
	movzx ebx, bx
	shl ebx, 6
	add edi, ebx
	in al, 0x92			; fast A20
	or al, 2
	and al, 0xFE
	out 0x92, al
	lgdt [gdt_desc]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp 0x08:pm

bits 32
pm:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov ebx, BOOT_BLOCK
	cmp dword [ebx], BB_MAGIC
	jne no_block
	mov [ebx + MBI_MEM_LOWER], esi
	mov [ebx + MBI_MEM_UPPER], edi
	or dword [ebx + MBI_FLAGS], MBI_MEMINFO
	mov eax, BOOTLOADER_MAGIC
	mov ecx, [ebx + BB_ENTRY]
	add ebx, BB_MBI
	jmp ecx

; No boot block in RAM: say so in the guest protocol, then shut down.
no_block:
	mov esi, msg_noblock
	mov dx, DEBUGCON
.put:	lodsb
	test al, al
	jz .off
	out dx, al
	jmp .put
.off:	mov esi, msg_shutdown
	mov dx, SHUTDOWN
.sd:	lodsb
	test al, al
	jz .halt
	out dx, al
	jmp .sd
.halt:	hlt
	jmp .halt

msg_noblock:	db 10, "@@vmfuzz error no boot block in RAM (optramimage)", 10, 0
msg_shutdown:	db "Shutdown", 0

align 8
gdt:
	dq 0
	dq 0x00CF9A000000FFFF		; 0x08: code, base 0, 4 GB, 32-bit
	dq 0x00CF92000000FFFF		; 0x10: data
gdt_desc:
	dw gdt_desc - gdt - 1
	dd gdt

	times 510 - ($ - $$) db 0
	dw 0xAA55
	times 1474560 - ($ - $$) db 0
