#ifndef NXAUDIT_CMEMORY_H
#define NXAUDIT_CMEMORY_H

/// Serve allocations of at least `bytes` by mmap and give back free heap tops larger
/// than `bytes`, so that freed memory returns to the system at once (glibc); does
/// nothing where the allocator has no such settings.
void nxaudit_mmap_threshold(int bytes);

#endif
