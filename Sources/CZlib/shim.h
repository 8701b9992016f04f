#ifndef GALLEY_CZLIB_SHIM_H
#define GALLEY_CZLIB_SHIM_H
#include <zlib.h>
/// inflateInit2 is a macro in zlib.h; a function Swift can call.
static inline int galley_inflate_init_gzip(z_stream *s) { return inflateInit2(s, 16 + MAX_WBITS); }
/// inflateInit2 with a window-bits argument: 32 + MAX_WBITS detects zlib or gzip, -MAX_WBITS is raw deflate.
static inline int galley_inflate_init2(z_stream *s, int windowBits) { return inflateInit2(s, windowBits); }
/// deflateInit2 for one gzip member (used by the tests' WARC writer).
static inline int galley_deflate_init_gzip(z_stream *s, int level) { return deflateInit2(s, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY); }
#endif
