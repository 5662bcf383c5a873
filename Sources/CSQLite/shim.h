#include <sqlite3.h>

/// Turns off SQLite's memory statistics before the library initialises. With them on (the default),
/// every allocation SQLite makes takes one process-wide mutex to update the counters, which serialised
/// the FastCGI threads' reads (the mutex showed in perf while polling orders). SMSCode never reads the
/// counters. sqlite3_config is variadic, which Swift cannot call; this wrapper is not. Returns
/// SQLITE_MISUSE, harmlessly, once SQLite is already initialised.
static inline int smscode_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
