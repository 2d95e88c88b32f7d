// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness shim: debugfs files, recorded when created and read through
 * their file operations, and the seq_file they are made of.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seq_file.h>

/* How many records one read() takes: few, so reads resume mid-file. */
#define SHIM_SEQ_RECORDS_PER_READ	5

static struct {
	const char *name;
	void *data;
	const struct file_operations *fops;
} shim_debugfs_file;

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops)
{
	shim_debugfs_file.name = name;
	shim_debugfs_file.data = data;
	shim_debugfs_file.fops = fops;
	return NULL;
}

static void seq_vprintf(struct seq_file *m, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (m->count + n + 1 > m->size) {
		m->size = (m->count + n + 1) * 2;
		m->buf = realloc(m->buf, m->size);
		if (!m->buf)
			abort();
	}
	vsnprintf(m->buf + m->count, n + 1, fmt, ap);
	m->count += n;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(m, fmt, ap);
	va_end(ap);
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_printf(m, "%s", s);
}

void *__seq_open_private(struct file *file, const struct seq_operations *ops, int size)
{
	struct seq_file *m = calloc(1, sizeof(*m));
	void *private = calloc(1, size);

	if (!m || !private)
		abort();
	m->op = ops;
	m->private = private;
	file->private_data = m;
	return private;
}

int seq_release_private(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	free(m->private);
	free(m->buf);
	free(m);
	return 0;
}

/* Not called: shim_debugfs_read() drives the seq_operations itself. */
ssize_t seq_read(struct file *file, char *buf, size_t size, loff_t *ppos)
{
	abort();
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	abort();
}

char *shim_debugfs_read(const char *name)
{
	const struct file_operations *fops = shim_debugfs_file.fops;
	struct inode inode = { .i_private = shim_debugfs_file.data };
	struct file file = {};
	const struct seq_operations *op;
	struct seq_file *m;
	loff_t pos = 0;
	char *text;
	void *v;
	int n;

	if (!fops || strcmp(name, shim_debugfs_file.name) || fops->open(&inode, &file))
		return NULL;
	m = file.private_data;
	op = m->op;
	seq_puts(m, "");
	for (;;) {
		v = op->start(m, &pos);
		for (n = 0; v && n < SHIM_SEQ_RECORDS_PER_READ; n++) {
			op->show(m, v);
			v = op->next(m, v, &pos);
		}
		op->stop(m, v);
		if (!v)
			break;
	}
	text = strdup(m->buf);
	fops->release(&inode, &file);
	return text;
}
