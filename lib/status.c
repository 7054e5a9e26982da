/* status.c - status names and the error record. */
#include "newsindex/status.h"

#include <stdarg.h>
#include <stdio.h>

const char *nx_status_str(nx_status_t code)
{
    switch (code) {
    case NX_OK: return "success";
    case NX_E_NOMEM: return "out of memory";
    case NX_E_IO: return "input/output error";
    case NX_E_FULL: return "no space left on device";
    case NX_E_PARSE: return "parse error";
    case NX_E_INVALID: return "invalid argument";
    case NX_E_LOCKED: return "index locked";
    case NX_E_NO_INDEX: return "no index";
    case NX_E_CORRUPT: return "index corrupt";
    case NX_E_VERSION: return "unsupported index version";
    case NX_E_MODIFIED: return "index modified";
    case NX_E_QUERY: return "query error";
    case NX_E_SYNTAX: return "query syntax error";
    case NX_E_LIMIT: return "query beyond a limit";
    case NX_E_NETWORK: return "network error";
    case NX_E_XAPIAN: return "Xapian error";
    case NX_E_INTERNAL: return "internal error";
    }
    return "unknown status";
}

nx_status_t nx_error_set(nx_error_t *err, nx_status_t code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void nx_error_clear(nx_error_t *err)
{
    if (err) {
        err->code = NX_OK;
        err->msg[0] = '\0';
    }
}
