#ifndef GALLEY_CLIBPQ_SHIM_H
#define GALLEY_CLIBPQ_SHIM_H
#include <libpq-fe.h>
/// A notice processor that drops the server's notices ("relation ... already exists, skipping"), which libpq would
/// otherwise print on stderr.
static void galley_pq_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }
static inline void galley_pq_silence_notices(PGconn *conn) { PQsetNoticeProcessor(conn, galley_pq_ignore_notice, 0); }
#endif
