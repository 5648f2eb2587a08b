// SPDX-License-Identifier: GPL-2.0
/*
 * Console and exit of the firmware: COM1 (polled) plus the port 0xE9 debug
 * console of Bochs and QEMU, or the RAM ring of core/wire.h; isa-debug-exit
 * and the Bochs shutdown port.
 */
#include "arch.h"
#include "memlayout.h"
#include "vmfuzz.h"
#include "hw.h"

_Static_assert(WIRE_RING_PHYS >= POOL_PHYS_END &&
		       WIRE_RING_PHYS + WIRE_RING_DATA + WIRE_RING_SIZE <=
			       RAM_SIZE,
	       "the console ring must lie in RAM above the page pool");
_Static_assert((WIRE_RING_SIZE & (WIRE_RING_SIZE - 1)) == 0,
	       "WIRE_RING_SIZE must be a power of two");

#define COM1 0x3F8
#define UART_THR 0 /* transmit holding (DLAB = 0) */
#define UART_DLL 0 /* divisor low (DLAB = 1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define LSR_THRE 0x20
#define DEBUGCON 0xE9

#define UART_FIFO 16 /* bytes the 16550 takes once THRE is set */

static bool at_line_start = true;
static bool debugcon; /* port 0xE9 reads back 0xE9: Bochs, QEMU debugcon */
static u32 fifo_room; /* bytes we may write before polling LSR again */

bool hw_console_prof, hw_console_mute;
u64 hw_console_ticks, hw_console_bytes;

void hw_console_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1); /* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xC7); /* enable and clear FIFOs */
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
	debugcon = inb(DEBUGCON) == DEBUGCON;
}

/* Port I/O is what the guest spends its time on under TCG: poll LSR once
 * per FIFO load, and write 0xE9 only where something listens. */
static void console_putc(char c)
{
	int spins = 100000;

	if (!fifo_room) {
		while (!(inb(COM1 + UART_LSR) & LSR_THRE) && --spins)
			;
		fifo_room = UART_FIFO;
	}
	fifo_room--;
	outb(COM1 + UART_THR, (u8)c);
	if (debugcon)
		outb(DEBUGCON, (u8)c);
	if (c != VMF_MARK)
		at_line_start = c == '\n';
}

/* The ring through the direct map (every page directory has it), or NULL:
 * the serial console. */
static u8 *ring;

static volatile u32 *ring_word(u32 off)
{
	return (volatile u32 *)(ring + off);
}

void hw_console_use_ring(void)
{
	ring = (u8 *)(PAGE_OFFSET + WIRE_RING_PHYS);
	*ring_word(WIRE_RING_HEAD_OFF) = 0;
	asm volatile("" : : : "memory");
	*ring_word(WIRE_RING_MAGIC_OFF) = WIRE_RING_MAGIC;
}

/* Two CPUs may print (an op on CPU 1): one writer at a time. */
static u32 ring_lock;

/* Copy s[0..n) into the ring, waiting while it is full; one head store
 * per call, after the bytes (x86 keeps stores in order). */
static void ring_write(const char *s, u32 n)
{
	u8 *data = ring + WIRE_RING_DATA;
	u32 head, room;

	while (__atomic_exchange_n(&ring_lock, 1, __ATOMIC_ACQUIRE))
		asm volatile("pause");
	head = *ring_word(WIRE_RING_HEAD_OFF);
	while (n) {
		while (!(room = WIRE_RING_SIZE -
				(head - *ring_word(WIRE_RING_TAIL_OFF))))
			asm volatile("pause");
		for (; n && room; n--, room--, s++) {
			data[head++ & (WIRE_RING_SIZE - 1)] = (u8)*s;
			if (*s != VMF_MARK)
				at_line_start = *s == '\n';
		}
		asm volatile("" : : : "memory");
		*ring_word(WIRE_RING_HEAD_OFF) = head;
	}
	__atomic_store_n(&ring_lock, 0, __ATOMIC_RELEASE);
}

void arch_console_write(const char *s, u32 n)
{
	u64 t0 = hw_console_prof ? hw_rdtsc() : 0;

	hw_console_bytes += n;
	if (hw_console_mute)
		return;
	if (ring)
		ring_write(s, n);
	else
		while (n--)
			console_putc(*s++);
	if (hw_console_prof)
		hw_console_ticks += hw_rdtsc() - t0;
}

void hw_console_line_start(void)
{
	if (!at_line_start)
		arch_console_write("\n", 1);
}

void hw_exit(u32 code)
{
	const char *s = "Shutdown";

	outl(WIRE_DEBUG_EXIT_PORT, code);
	while (*s)
		outb(WIRE_BOCHS_SHUTDOWN_PORT, (u8)*s++);
	for (;;)
		asm volatile("cli; hlt");
}
