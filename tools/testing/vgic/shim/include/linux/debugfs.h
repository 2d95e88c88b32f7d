/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * debugfs for the harness: files are recorded, not mounted, and a test
 * reads one through its file operations (shim_debugfs_read()).
 */
#ifndef _SHIM_LINUX_DEBUGFS_H
#define _SHIM_LINUX_DEBUGFS_H

#include <sys/types.h>
#include <linux/types.h>

#define THIS_MODULE	NULL

typedef unsigned short umode_t;

struct dentry;
struct inode {
	void *i_private;
};
struct file {
	void *private_data;
};
struct file_operations {
	void *owner;
	int (*open)(struct inode *inode, struct file *file);
	ssize_t (*read)(struct file *file, char *buf, size_t size, loff_t *ppos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	int (*release)(struct inode *inode, struct file *file);
};

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops);

/*
 * Open the last file created under @name, read it all into a malloc'd
 * string, a few records per read as seq_read() would with a small buffer,
 * and close it.  Return: the text, or NULL if there is no such file or
 * its open failed.
 */
char *shim_debugfs_read(const char *name);

#endif
