/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A flattened device tree writer (Devicetree Specification v0.4, chapter 5):
 * nodes and properties in order, into a caller's buffer.
 */
#ifndef VMM_FDT_H
#define VMM_FDT_H
#include <stddef.h>
#include <stdint.h>

struct fdt {
	uint8_t *buf;
	size_t size;
	size_t len;		/* structure block written so far */
	char strings[1024];	/* property names */
	size_t strings_len;
	int error;
};

void fdt_begin(struct fdt *fdt, void *buf, size_t size);
void fdt_node(struct fdt *fdt, const char *name);
void fdt_end_node(struct fdt *fdt);
void fdt_prop(struct fdt *fdt, const char *name, const void *val, size_t len);
void fdt_prop_u32(struct fdt *fdt, const char *name, uint32_t val);
void fdt_prop_cells(struct fdt *fdt, const char *name, const uint32_t *cells, size_t n);
void fdt_prop_str(struct fdt *fdt, const char *name, const char *s);
void fdt_prop_empty(struct fdt *fdt, const char *name);
/* Return: the blob's size, or -1 if it did not fit. */
long fdt_finish(struct fdt *fdt);

#endif
