// SPDX-License-Identifier: GPL-2.0-only
/*
 * A flattened device tree writer.  The blob is: a 40-byte header, an empty
 * memory reservation map, the structure block (tokens), the strings block
 * (Devicetree Specification v0.4, 5.2-5.5); every number big-endian.
 */
#include <arpa/inet.h>
#include <string.h>

#include "fdt.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_END		9
#define FDT_HDR_SIZE	40
#define FDT_RSV_SIZE	16	/* one terminating entry */

static void put(struct fdt *fdt, const void *data, size_t len)
{
	size_t pad = (4 - len % 4) % 4;

	if (fdt->len + len + pad > fdt->size) {
		fdt->error = 1;
		return;
	}
	memcpy(fdt->buf + fdt->len, data, len);
	memset(fdt->buf + fdt->len + len, 0, pad);
	fdt->len += len + pad;
}

static void put_u32(struct fdt *fdt, uint32_t v)
{
	v = htonl(v);
	put(fdt, &v, 4);
}

void fdt_begin(struct fdt *fdt, void *buf, size_t size)
{
	memset(fdt, 0, sizeof(*fdt));
	fdt->buf = buf;
	fdt->size = size;
	fdt->len = FDT_HDR_SIZE + FDT_RSV_SIZE;
	if (size < fdt->len)
		fdt->error = 1;
	else
		memset(buf, 0, fdt->len);
}

void fdt_node(struct fdt *fdt, const char *name)
{
	put_u32(fdt, FDT_BEGIN_NODE);
	put(fdt, name, strlen(name) + 1);
}

void fdt_end_node(struct fdt *fdt)
{
	put_u32(fdt, FDT_END_NODE);
}

/* The offset of @name in the strings block, added if new. */
static uint32_t fdt_string(struct fdt *fdt, const char *name)
{
	size_t n = strlen(name) + 1;

	for (size_t off = 0; off < fdt->strings_len; off += strlen(fdt->strings + off) + 1)
		if (!strcmp(fdt->strings + off, name))
			return off;
	if (fdt->strings_len + n > sizeof(fdt->strings)) {
		fdt->error = 1;
		return 0;
	}
	memcpy(fdt->strings + fdt->strings_len, name, n);
	fdt->strings_len += n;
	return fdt->strings_len - n;
}

void fdt_prop(struct fdt *fdt, const char *name, const void *val, size_t len)
{
	put_u32(fdt, FDT_PROP);
	put_u32(fdt, len);
	put_u32(fdt, fdt_string(fdt, name));
	if (len)
		put(fdt, val, len);
}

void fdt_prop_cells(struct fdt *fdt, const char *name, const uint32_t *cells, size_t n)
{
	uint32_t be[32];

	if (n > 32) {
		fdt->error = 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		be[i] = htonl(cells[i]);
	fdt_prop(fdt, name, be, n * 4);
}

void fdt_prop_u32(struct fdt *fdt, const char *name, uint32_t val)
{
	fdt_prop_cells(fdt, name, &val, 1);
}

void fdt_prop_str(struct fdt *fdt, const char *name, const char *s)
{
	fdt_prop(fdt, name, s, strlen(s) + 1);
}

void fdt_prop_empty(struct fdt *fdt, const char *name)
{
	fdt_prop(fdt, name, NULL, 0);
}

long fdt_finish(struct fdt *fdt)
{
	uint32_t hdr[10];
	size_t struct_off = FDT_HDR_SIZE + FDT_RSV_SIZE;
	size_t struct_size, strings_off;

	put_u32(fdt, FDT_END);
	struct_size = fdt->len - struct_off;
	strings_off = fdt->len;
	if (fdt->error || strings_off + fdt->strings_len > fdt->size)
		return -1;
	memcpy(fdt->buf + strings_off, fdt->strings, fdt->strings_len);

	hdr[0] = FDT_MAGIC;
	hdr[1] = strings_off + fdt->strings_len;	/* totalsize */
	hdr[2] = struct_off;
	hdr[3] = strings_off;
	hdr[4] = FDT_HDR_SIZE;				/* memory reservation map */
	hdr[5] = 17;					/* version */
	hdr[6] = 16;					/* last compatible version */
	hdr[7] = 0;					/* boot CPU */
	hdr[8] = fdt->strings_len;
	hdr[9] = struct_size;
	for (int i = 0; i < 10; i++)
		hdr[i] = htonl(hdr[i]);
	memcpy(fdt->buf, hdr, sizeof(hdr));
	return strings_off + fdt->strings_len;
}
