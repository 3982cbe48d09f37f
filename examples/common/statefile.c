/* statefile - see statefile.h */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock */
#include "statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PATH_CAP 4096

static int with_suffix(char *buf, size_t cap, const char *path, const char *suffix)
{
    int n = snprintf(buf, cap, "%s%s", path, suffix);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

int statefile_lock(const char *path, const char *prog)
{
    char lock[PATH_CAP];
    int fd;
    if (with_suffix(lock, sizeof lock, path, ".lock") != 0) {
        fprintf(stderr, "%s: state path too long: %s\n", prog, path);
        return -1;
    }
    fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot open lock file %s: %s\n", prog, lock, strerror(errno));
        return -1;
    }
    while (flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        fprintf(stderr, "%s: cannot lock %s: %s\n", prog, lock, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

void statefile_unlock(int fd)
{
    if (fd >= 0) close(fd); /* closing the descriptor drops the flock */
}

static void install_defaults(chdr_table *t)
{
    static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;
    chdr_init(t);
    (void)chdr_install(t, defaults, CHDR_AXIS_DEFAULTS_COUNT);
}

/* link() then unlink(): unlike rename(), link fails rather than replace an existing file, so an
   earlier corrupt copy is never lost. */
static int move_aside(const char *path, char *aside, size_t cap)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    int i;
    if (!gmtime_r(&now, &tm) || strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm) == 0)
        strcpy(stamp, "unknown-time");
    for (i = 0; i < 1000; i++) {
        int n = i ? snprintf(aside, cap, "%s.corrupt-%s-%d", path, stamp, i)
                  : snprintf(aside, cap, "%s.corrupt-%s", path, stamp);
        if (n < 0 || (size_t)n >= cap) return -1;
        if (link(path, aside) == 0) return unlink(path);
        if (errno != EEXIST) return -1;
    }
    return -1;
}

int statefile_load(chdr_table *t, const char *path, uint32_t *seq, const char *prog)
{
    static unsigned char blob[CHDR_BLOB_MAX];
    size_t len = 0;
    ssize_t got;
    int fd, reason;
    char aside[PATH_CAP];

    *seq = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        install_defaults(t);
        if (errno == ENOENT) return STATEFILE_MISSING;
        fprintf(stderr, "%s: warning: cannot open %s (%s): using the defaults\n", prog, path,
                strerror(errno));
        return STATEFILE_ERROR;
    }
    /* chdr_load ignores bytes after a blob's check code, so reading at most one blob is enough */
    while (len < sizeof blob && (got = read(fd, blob + len, sizeof blob - len)) != 0) {
        if (got < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "%s: warning: cannot read %s (%s): using the defaults\n", prog, path,
                    strerror(errno));
            close(fd);
            install_defaults(t);
            return STATEFILE_ERROR;
        }
        len += (size_t)got;
    }
    close(fd);
    reason = chdr_load(t, blob, len, seq);
    if (reason == CHDR_OK) return STATEFILE_LOADED;
    install_defaults(t);
    if (move_aside(path, aside, sizeof aside) == 0)
        fprintf(stderr, "%s: warning: state file %s is unusable (%s); kept as %s, using the defaults\n",
                prog, path, chdr_load_reason(reason), aside);
    else
        fprintf(stderr, "%s: warning: state file %s is unusable (%s) and could not be moved aside"
                " (%s); using the defaults\n", prog, path, chdr_load_reason(reason),
                strerror(errno));
    return STATEFILE_CORRUPT;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The rename is only durable once the directory entry is: fsync the directory too. */
static void sync_dir(const char *path)
{
    char dir[PATH_CAP];
    const char *slash = strrchr(path, '/');
    int fd;
    if (!slash) strcpy(dir, ".");
    else if (slash == path) strcpy(dir, "/");
    else if ((size_t)(slash - path) < sizeof dir) {
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
    } else return;
    fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int statefile_save(const chdr_table *t, const char *path, uint32_t seq, const char *prog)
{
    static unsigned char blob[CHDR_BLOB_MAX];
    char tmp[PATH_CAP];
    size_t len = chdr_save(t, seq, blob, sizeof blob);
    int fd;

    if (len == 0 || len > sizeof blob || with_suffix(tmp, sizeof tmp, path, ".tmp") != 0) {
        fprintf(stderr, "%s: cannot save %s: blob or path too large\n", prog, path);
        return -1;
    }
    /* the lock makes this writer the only one, so a fixed temporary name is safe */
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot create %s: %s\n", prog, tmp, strerror(errno));
        return -1;
    }
    if (write_all(fd, blob, len) != 0 || fsync(fd) != 0) {
        fprintf(stderr, "%s: cannot write %s: %s\n", prog, tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "%s: cannot replace %s: %s\n", prog, path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    sync_dir(path);
    return 0;
}

size_t statefile_fail_response(char *resp, size_t len, size_t cap)
{
    /* Inside a JSON string every '"' follows a backslash, so the first `,"data":` in the text is
       the top-level member, whatever the echoed context holds. */
    static const char key[] = ",\"data\":";
    static const char err[] =
        ",\"error\":{\"code\":1100,\"message\":\"the change could not be saved; nothing changed\"}}";
    size_t i;
    for (i = 0; i + sizeof key - 1 <= len; i++) {
        if (memcmp(resp + i, key, sizeof key - 1) == 0) {
            if (i + sizeof err - 1 > cap) return 0;
            memcpy(resp + i, err, sizeof err - 1);
            return i + sizeof err - 1;
        }
    }
    return 0;
}
