// Process-wide SQLite settings for galley's writers. `sqlite3_config` is variadic, so Swift cannot call it directly.
#include <sqlite3.h>

// Multi-thread mode (each connection used by one thread at a time, as GRDB guarantees) and no memory statistics:
// no mutex taken per API call or per allocation. Takes effect only before SQLite is first initialised in the
// process; returns SQLITE_OK when it did.
static inline int galley_sqlite_configure_for_writing(void) {
    int rc = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
