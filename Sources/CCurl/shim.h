#ifndef NXAUDIT_CCURL_SHIM_H
#define NXAUDIT_CCURL_SHIM_H
// libcurl from the system, for `nxaudit fetch`. curl_easy_setopt and curl_easy_getinfo are
// variadic, which Swift cannot call: these typed wrappers call them.
#include <curl/curl.h>

typedef size_t (*nx_curl_write_fn)(char *data, size_t size, size_t count, void *context);
typedef int (*nx_curl_progress_fn)(void *context, curl_off_t total, curl_off_t now, curl_off_t up_total,
                                   curl_off_t up_now);

static inline CURLcode nx_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nx_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nx_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nx_curl_set_write(CURL *handle, nx_curl_write_fn function, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, function);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

static inline CURLcode nx_curl_set_progress(CURL *handle, nx_curl_progress_fn function, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, function);
    if (code == CURLE_OK) code = curl_easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

/// Basic authentication only (CURLAUTH_BASIC is a macro Swift cannot see).
static inline CURLcode nx_curl_basic_auth(CURL *handle) {
    return curl_easy_setopt(handle, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
}

/// PEM certificates to trust, from memory (libcurl copies them), for the server and for an
/// HTTPS proxy.
static inline CURLcode nx_curl_set_ca_blobs(CURL *handle, void *pem, size_t length) {
    struct curl_blob blob = {pem, length, CURL_BLOB_COPY};
    CURLcode code = curl_easy_setopt(handle, CURLOPT_CAINFO_BLOB, &blob);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_PROXY_CAINFO_BLOB, &blob);
}

/// Only HTTPS, for the request and for any redirect.
static inline CURLcode nx_curl_https_only(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
    CURLcode code = curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "https");
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
    CURLcode code = curl_easy_setopt(handle, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTPS);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS);
#endif
}

static inline CURLcode nx_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode nx_curl_get_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode nx_curl_get_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// The CA bundle this libcurl trusts by default (its build's), or NULL when it cannot say.
static inline const char *nx_curl_default_ca_bundle(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075400
    char *path = NULL;
    if (curl_easy_getinfo(handle, CURLINFO_CAINFO, &path) == CURLE_OK) return path;
#endif
    (void)handle;
    return NULL;
}
#endif
