#ifndef NXAUDIT_CFILES_H
#define NXAUDIT_CFILES_H

/* An unnamed file in `directory` (Linux O_TMPFILE): if the process dies before it is
   linked, the kernel frees it, so a killed run never leaves a partial report.
   Readable too: a staged report is read back when a PDF embeds it.
   Returns -1 (errno set) where the system or file system has no O_TMPFILE. */
int nxaudit_open_unnamed(const char *directory);

/* The same of mode 0600: for a download, which is read back (through /proc/self/fd)
   before it is kept or dropped. */
int nxaudit_open_unnamed_private(const char *directory);

/* Gives the unnamed file `fd` the name `path` (which must not exist). */
int nxaudit_link_unnamed(int fd, const char *path);

#endif
