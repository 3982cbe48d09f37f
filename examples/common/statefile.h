/* statefile - the customhdr table in a file, for the examples that run on a POSIX system

   One file holds one chdr_save blob. Writes go to a temporary file beside it, are fsync'ed and
   renamed over it (then the directory is fsync'ed), so a crash leaves either the old table or the
   new one, never a mix. A separate "<path>.lock" file carries an advisory flock() lock, because
   the state file itself is replaced on every save and a lock on it would be lost with it. */
#ifndef STATEFILE_H
#define STATEFILE_H

#include "customhdr.h"

/* What statefile_load found. */
enum {
    STATEFILE_LOADED = 0,   /* the table is the file's */
    STATEFILE_MISSING = 1,  /* no file: the table holds the defaults */
    STATEFILE_CORRUPT = 2,  /* unreadable blob, moved aside (warning on stderr): defaults */
    STATEFILE_ERROR = -1    /* the file could not be read (I/O, permissions): defaults, warning */
};

/* Takes the exclusive lock of path (blocking). Returns a descriptor for statefile_unlock, or -1
   with a message on stderr. */
int statefile_lock(const char *path, const char *prog);
void statefile_unlock(int fd);

/* Loads path into t. When the file is missing, unreadable or corrupt, t gets CHDR_AXIS_DEFAULTS;
   a corrupt file is renamed to "<path>.corrupt-<UTC time>[-N]", never over an existing file.
   *seq gets the file's sequence number (0 for defaults). Call with the lock held. */
int statefile_load(chdr_table *t, const char *path, uint32_t *seq, const char *prog);

/* Saves t with sequence number seq, atomically. 0, or -1 with a message on stderr (the old
   file is then still in place). Call with the lock held. */
int statefile_save(const chdr_table *t, const char *path, uint32_t seq, const char *prog);

/* Turns a successful API response whose change could not be saved into error 1100, keeping its
   apiVersion, context and method: everything up to its top-level "data" member stays. Returns the
   new length (at most cap), or 0 when resp has no such member. */
size_t statefile_fail_response(char *resp, size_t len, size_t cap);

#endif
