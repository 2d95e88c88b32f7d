/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tracepoints: the life of a virtual interrupt, from its injection through
 * the list registers to the physical twin of a hardware-mapped one, and
 * the guest's trapped accesses to the frames.  They appear under
 * events/kvm/ in tracefs.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kvm

#if defined(TRACE_HEADER_MULTI_READ) || !defined(_TRACE_VGIC_H)
#define _TRACE_VGIC_H

#include <kvm/arm_vgic.h>
#include <linux/tracepoint.h>

/*
 * A line driven by an in-kernel device or userspace.  Its name, fields and
 * text are those 6.12 users' tools read; the arguments are the vGIC's own.
 */
TRACE_EVENT(vgic_update_irq_pending,
	    TP_PROTO(unsigned long idx, __u32 intid, bool line),
	    TP_ARGS(idx, intid, line),
	    TP_STRUCT__entry(__field(unsigned long, vcpu_id)
			     __field(__u32, irq)
			     __field(bool, level)),
	    TP_fast_assign(__entry->level = line;
			   __entry->irq = intid;
			   __entry->vcpu_id = idx;),
	    TP_printk("VCPU: %ld, IRQ %d, level: %d",
		      __entry->vcpu_id, __entry->irq, __entry->level)
);

/* The flush wrote a list register; pINTID is 0 unless HW is set. */
TRACE_EVENT(vgic_lr_queue,
	    TP_PROTO(unsigned int vcpu_id, unsigned int lr, u32 vintid, u32 pintid,
		     bool pending, bool active, bool hw),
	    TP_ARGS(vcpu_id, lr, vintid, pintid, pending, active, hw),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned int, lr)
			     __field(u32, vintid)
			     __field(u32, pintid)
			     __field(u8, state)
			     __field(bool, hw)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->lr = lr;
			   __entry->vintid = vintid;
			   __entry->pintid = pintid;
			   __entry->state = pending | active << 1;
			   __entry->hw = hw;),
	    TP_printk("vcpu=%u lr=%u vintid=%u pintid=%u state=%s hw=%d",
		      __entry->vcpu_id, __entry->lr, __entry->vintid, __entry->pintid,
		      __print_symbolic(__entry->state, { 1, "pending" }, { 2, "active" },
				       { 3, "pending+active" }),
		      __entry->hw)
);

/*
 * The sync folded a list register back: the guest acknowledged the
 * pending state it showed, and/or deactivated the interrupt.
 */
TRACE_EVENT(vgic_lr_fold,
	    TP_PROTO(unsigned int vcpu_id, unsigned int lr, u32 vintid, bool acked,
		     bool deactivated),
	    TP_ARGS(vcpu_id, lr, vintid, acked, deactivated),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned int, lr)
			     __field(u32, vintid)
			     __field(bool, acked)
			     __field(bool, deactivated)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->lr = lr;
			   __entry->vintid = vintid;
			   __entry->acked = acked;
			   __entry->deactivated = deactivated;),
	    TP_printk("vcpu=%u lr=%u vintid=%u acked=%d deactivated=%d",
		      __entry->vcpu_id, __entry->lr, __entry->vintid, __entry->acked,
		      __entry->deactivated)
);

/* The physical twin of a mapped interrupt was made active for the guest. */
TRACE_EVENT(vgic_hw_claim,
	    TP_PROTO(u32 vintid, u32 pintid),
	    TP_ARGS(vintid, pintid),
	    TP_STRUCT__entry(__field(u32, vintid)
			     __field(u32, pintid)),
	    TP_fast_assign(__entry->vintid = vintid;
			   __entry->pintid = pintid;),
	    TP_printk("vintid=%u pintid=%u", __entry->vintid, __entry->pintid)
);

/*
 * The guest no longer owns the physical twin: its EOI deactivated it
 * through the HW bit (by=guest), or the vGIC deactivated it (by=vgic).
 */
TRACE_EVENT(vgic_hw_release,
	    TP_PROTO(u32 vintid, u32 pintid, bool by_guest),
	    TP_ARGS(vintid, pintid, by_guest),
	    TP_STRUCT__entry(__field(u32, vintid)
			     __field(u32, pintid)
			     __field(bool, by_guest)),
	    TP_fast_assign(__entry->vintid = vintid;
			   __entry->pintid = pintid;
			   __entry->by_guest = by_guest;),
	    TP_printk("vintid=%u pintid=%u by=%s", __entry->vintid, __entry->pintid,
		      __entry->by_guest ? "guest" : "vgic")
);

/*
 * The maintenance interrupt the list registers asserted at the exit, in
 * the ICH_MISR_EL2/GICH_MISR and ICH_EISR_EL2/GICH_EISR layout.
 */
TRACE_EVENT(vgic_maint,
	    TP_PROTO(unsigned int vcpu_id, u32 misr, u32 eisr),
	    TP_ARGS(vcpu_id, misr, eisr),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(u32, misr)
			     __field(u32, eisr)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->misr = misr;
			   __entry->eisr = eisr;),
	    TP_printk("vcpu=%u misr=%#x eisr=%#x", __entry->vcpu_id, __entry->misr,
		      __entry->eisr)
);

TRACE_DEFINE_ENUM(VGIC_IO_DIST_V3);
TRACE_DEFINE_ENUM(VGIC_IO_RDIST);
TRACE_DEFINE_ENUM(VGIC_IO_DIST_V2);
TRACE_DEFINE_ENUM(VGIC_IO_ITS);

/* A guest access to a frame that trapped to the vGIC. */
TRACE_EVENT(vgic_mmio,
	    TP_PROTO(unsigned int vcpu_id, int frame, u32 offset, int len, u64 val, bool write),
	    TP_ARGS(vcpu_id, frame, offset, len, val, write),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(int, frame)
			     __field(u32, offset)
			     __field(int, len)
			     __field(u64, val)
			     __field(bool, write)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->frame = frame;
			   __entry->offset = offset;
			   __entry->len = len;
			   __entry->val = val;
			   __entry->write = write;),
	    TP_printk("vcpu=%u %s %s+%#x/%d val=%#llx", __entry->vcpu_id,
		      __entry->write ? "write" : "read",
		      __print_symbolic(__entry->frame, { VGIC_IO_DIST_V2, "gicd" },
				       { VGIC_IO_DIST_V3, "gicd" }, { VGIC_IO_RDIST, "gicr" },
				       { VGIC_IO_ITS, "gits" }),
		      __entry->offset, __entry->len, (unsigned long long)__entry->val)
);

#endif /* _TRACE_VGIC_H */

/* vgic/trace.h under arch/arm64/kvm/, which its Makefile puts on the -I path */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH vgic
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace

/* This part must be outside protection */
#include <trace/define_trace.h>
