/* SPDX-License-Identifier: GPL-2.0-only */
/* seq_file for the harness: the records go to a growing buffer. */
#ifndef _SHIM_LINUX_SEQ_FILE_H
#define _SHIM_LINUX_SEQ_FILE_H

#include <linux/debugfs.h>

struct seq_operations;

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
	const struct seq_operations *op;
	void *private;
};

struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

void seq_printf(struct seq_file *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_file *m, const char *s);
void *__seq_open_private(struct file *file, const struct seq_operations *ops, int size);
int seq_release_private(struct inode *inode, struct file *file);
ssize_t seq_read(struct file *file, char *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

#endif
