#ifndef NXAUDIT_CLIBXML2_SHIM_H
#define NXAUDIT_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its UErrorCode clashes with the ICU inside
   Foundation in debug builds. nxaudit never needs libxml2's ICU encoders. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>

/* Swift 6 rejects the mutable C global `xmlFree`; call it through a function. */
static inline void nxaudit_xml_free(void *pointer) { xmlFree(pointer); }

#endif
