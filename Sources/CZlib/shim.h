#ifndef GALLEY_CZLIB_SHIM_H
#define GALLEY_CZLIB_SHIM_H
#include <zlib.h>
/// inflateInit2 is a macro in zlib.h; a function Swift can call.
static inline int galley_inflate_init_gzip(z_stream *s) { return inflateInit2(s, 16 + MAX_WBITS); }
#endif
