#ifndef NXAUDIT_CCRYPTO_SHIM_H
#define NXAUDIT_CCRYPTO_SHIM_H
// OpenSSL's libcrypto, for SHA-256 of inputs and reports (EVP interface: uses SHA-NI where present).
#include <openssl/evp.h>
#endif
