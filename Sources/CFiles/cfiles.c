#define _GNU_SOURCE
#include "cfiles.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int nxaudit_open_unnamed(const char *directory) {
#ifdef O_TMPFILE
    /* The file is named later through /proc/self/fd; without /proc, use a named temporary. */
    if (access("/proc/self/fd", X_OK) != 0) return -1;
    return open(directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
#else
    (void)directory;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int nxaudit_open_unnamed_private(const char *directory) {
#ifdef O_TMPFILE
    if (access("/proc/self/fd", X_OK) != 0) return -1;
    return open(directory, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#else
    (void)directory;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int nxaudit_link_unnamed(int fd, const char *path) {
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}
