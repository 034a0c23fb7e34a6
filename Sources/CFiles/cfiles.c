#define _GNU_SOURCE
#include "cfiles.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <stdio.h>
#include <unistd.h>

static int open_unnamed(const char *directory, int access_mode, mode_t mode) {
#ifdef O_TMPFILE
    /* The file is named later through /proc/self/fd; without /proc, use a named temporary. */
    if (access("/proc/self/fd", X_OK) != 0) return -1;
    return open(directory, O_TMPFILE | access_mode | O_CLOEXEC, mode);
#else
    (void)directory;
    (void)access_mode;
    (void)mode;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int nxaudit_open_unnamed(const char *directory) { return open_unnamed(directory, O_RDWR, 0644); }

int nxaudit_open_unnamed_private(const char *directory) { return open_unnamed(directory, O_RDWR, 0600); }

int nxaudit_link_unnamed(int fd, const char *path) {
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}
