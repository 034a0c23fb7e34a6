#ifndef NXAUDIT_CZLIB_SHIM_H
#define NXAUDIT_CZLIB_SHIM_H
#include <zlib.h>
#endif
