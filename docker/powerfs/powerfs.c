/*
 * faultline-powerfs: a FUSE file system mounted over a directory that keeps every write
 * in memory until the file is fsynced, so that a power loss can be played: on command the
 * writes never synced are dropped (all of them, or a seeded suffix of each file's), as a
 * machine losing its page cache would. Metadata (create, rename, unlink, truncate) goes to
 * the directory underneath at once. Works for any program (a JVM, a Go binary): the
 * kernel, not the program, sends us its I/O.
 *
 *   faultline-powerfs mount DIR SOCKET   mount over DIR (DIR's own contents underneath)
 *   faultline-powerfs ctl SOCKET stats | flush | drop all | drop suffix SEED
 *   faultline-powerfs flip FILE OFFSET MASK   xor one byte of FILE (corruption faults)
 *
 * The control socket answers one command per connection; the answer's first line is
 * "ok ..." or "error ...", then one line per file that had unsynced writes.
 *
 * One lock guards everything: the file system serves one node, whose throughput it
 * should not change much, and simplicity is worth more here than parallel I/O.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <fuse.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <unistd.h>

/* One write not yet synced; consecutive appends grow the last one. */
struct rec {
    off_t off;
    size_t len, cap;
    char *data;
    struct rec *next;
};

/* A file with unsynced writes or open handles, by the inode underneath. */
struct entry {
    ino_t ino;
    char *path;
    int fd;          /* its own descriptor underneath, for flushes from the control socket */
    off_t size;      /* the size programs see: the file's underneath plus unsynced writes */
    struct rec *head, *tail;
    size_t unsynced;
    int refs;        /* open handles */
    int linked;      /* still has a name (its inode number cannot be reused meanwhile) */
    struct entry *next;
};

struct handle {
    int fd;
    int sync;        /* opened O_SYNC/O_DSYNC: every write is synced */
    struct entry *e;
};

static int root = -1;
static const char *sock_path;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *entries;
static uint64_t n_writes, n_fsyncs, n_dropped_bytes, n_drops;

static const char *rel(const char *path) {
    while (*path == '/') path++;
    return *path ? path : ".";
}

static struct entry *find(ino_t ino) {
    for (struct entry *e = entries; e; e = e->next)
        if (e->linked && e->ino == ino) return e;
    return NULL;
}

static void free_recs(struct entry *e) {
    struct rec *r = e->head;
    while (r) {
        struct rec *n = r->next;
        free(r->data);
        free(r);
        r = n;
    }
    e->head = e->tail = NULL;
    e->unsynced = 0;
}

/* Forgets an entry that has no handle and nothing unsynced: the file underneath is the truth again. */
static void maybe_free(struct entry *e) {
    if (e->refs > 0 || (e->head && e->linked)) return;
    for (struct entry **p = &entries; *p; p = &(*p)->next) {
        if (*p == e) {
            *p = e->next;
            break;
        }
    }
    free_recs(e);
    if (e->fd >= 0) close(e->fd);
    free(e->path);
    free(e);
}

static struct entry *attach(int fd, const char *path) {
    struct stat st;
    if (fstat(fd, &st) < 0) return NULL;
    struct entry *e = find(st.st_ino);
    if (!e) {
        e = calloc(1, sizeof *e);
        if (!e) return NULL;
        e->ino = st.st_ino;
        e->size = st.st_size;
        e->linked = 1;
        e->fd = dup(fd);
        e->next = entries;
        entries = e;
    }
    free(e->path);
    e->path = strdup(path);
    e->refs++;
    return e;
}

/* Writes the first {@code budget} unsynced bytes underneath (in the order they were written). */
static int write_back(struct entry *e, uint64_t budget) {
    for (struct rec *r = e->head; r && budget > 0; r = r->next) {
        size_t n = r->len < budget ? r->len : (size_t) budget;
        if (pwrite(e->fd, r->data, n, r->off) != (ssize_t) n) return -errno;
        budget -= n;
    }
    return 0;
}

static int flush_entry(struct entry *e, int datasync) {
    int rc = write_back(e, UINT64_MAX);
    if (rc < 0) return rc;
    free_recs(e);
    n_fsyncs++;
    return (datasync ? fdatasync(e->fd) : fsync(e->fd)) < 0 ? -errno : 0;
}

static void clip(struct entry *e, off_t size) {
    struct rec **p = &e->head;
    e->tail = NULL;
    e->unsynced = 0;
    while (*p) {
        struct rec *r = *p;
        if (r->off >= size) {
            *p = r->next;
            free(r->data);
            free(r);
            continue;
        }
        if (r->off + (off_t) r->len > size) r->len = size - r->off;
        e->unsynced += r->len;
        e->tail = r;
        p = &r->next;
    }
    e->size = size;
}

/* The inode underneath {@code path} loses a name; when it was the last, its entry stops naming it. */
static void unlinking(const char *path) {
    struct stat st;
    if (fstatat(root, rel(path), &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_nlink > 1) return;
    struct entry *e = find(st.st_ino);
    if (!e) return;
    e->linked = 0;
    free_recs(e);
    maybe_free(e);
}

static int pf_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    int rc = fi ? fstat(((struct handle *) (uintptr_t) fi->fh)->fd, st)
                : fstatat(root, rel(path), st, AT_SYMLINK_NOFOLLOW);
    if (rc < 0) return -errno;
    pthread_mutex_lock(&mu);
    struct entry *e = find(st->st_ino);
    if (e) {
        st->st_size = e->size;
        st->st_blocks = (e->size + 511) / 512;
    }
    pthread_mutex_unlock(&mu);
    return 0;
}

static int pf_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi,
                      enum fuse_readdir_flags flags) {
    (void) off; (void) fi; (void) flags;
    int fd = openat(root, rel(path), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -errno;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -errno;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        struct stat st = {0};
        st.st_ino = de->d_ino;
        st.st_mode = de->d_type << 12;
        if (fill(buf, de->d_name, &st, 0, 0)) break;
    }
    closedir(d);
    return 0;
}

static int pf_open_common(const char *path, struct fuse_file_info *fi, int create, mode_t mode) {
    int flags = fi->flags & ~(O_APPEND | O_SYNC | O_DSYNC | O_ACCMODE | O_TRUNC);
    int fd = create ? openat(root, rel(path), flags | O_RDWR | O_CREAT, mode)
                    : openat(root, rel(path), flags | O_RDWR);
    if (fd < 0 && errno == EISDIR) fd = openat(root, rel(path), flags | O_RDONLY);
    if (fd < 0) return -errno;
    struct handle *h = calloc(1, sizeof *h);
    if (!h) {
        close(fd);
        return -ENOMEM;
    }
    h->fd = fd;
    h->sync = (fi->flags & (O_SYNC | O_DSYNC)) != 0;
    pthread_mutex_lock(&mu);
    h->e = attach(fd, path);
    if (h->e && (fi->flags & O_TRUNC)) {
        if (ftruncate(fd, 0) == 0) clip(h->e, 0);
    }
    pthread_mutex_unlock(&mu);
    if (!h->e) {
        close(fd);
        free(h);
        return -ENOMEM;
    }
    fi->fh = (uintptr_t) h;
    return 0;
}

static int pf_open(const char *path, struct fuse_file_info *fi) {
    return pf_open_common(path, fi, 0, 0);
}

static int pf_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
    return pf_open_common(path, fi, 1, mode);
}

static int pf_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) path;
    struct handle *h = (struct handle *) (uintptr_t) fi->fh;
    pthread_mutex_lock(&mu);
    struct entry *e = h->e;
    if (off >= e->size) {
        pthread_mutex_unlock(&mu);
        return 0;
    }
    size_t want = off + (off_t) size > e->size ? (size_t) (e->size - off) : size;
    ssize_t got = pread(h->fd, buf, want, off);
    if (got < 0) {
        int err = errno;
        pthread_mutex_unlock(&mu);
        return -err;
    }
    if ((size_t) got < want) memset(buf + got, 0, want - got);
    for (struct rec *r = e->head; r; r = r->next) {
        off_t from = r->off > off ? r->off : off;
        off_t to = r->off + (off_t) r->len;
        if (to > off + (off_t) want) to = off + (off_t) want;
        if (from < to) memcpy(buf + (from - off), r->data + (from - r->off), to - from);
    }
    pthread_mutex_unlock(&mu);
    return (int) want;
}

static int pf_write(const char *path, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) path;
    struct handle *h = (struct handle *) (uintptr_t) fi->fh;
    pthread_mutex_lock(&mu);
    struct entry *e = h->e;
    struct rec *t = e->tail;
    if (t && t->off + (off_t) t->len == off) {
        if (t->len + size > t->cap) {
            size_t cap = t->cap * 2 > t->len + size ? t->cap * 2 : t->len + size;
            char *d = realloc(t->data, cap);
            if (!d) {
                pthread_mutex_unlock(&mu);
                return -ENOMEM;
            }
            t->data = d;
            t->cap = cap;
        }
        memcpy(t->data + t->len, buf, size);
        t->len += size;
    } else {
        struct rec *r = calloc(1, sizeof *r);
        char *d = malloc(size ? size : 1);
        if (!r || !d) {
            free(r);
            free(d);
            pthread_mutex_unlock(&mu);
            return -ENOMEM;
        }
        memcpy(d, buf, size);
        r->off = off;
        r->len = r->cap = size;
        r->data = d;
        if (e->tail) e->tail->next = r; else e->head = r;
        e->tail = r;
    }
    e->unsynced += size;
    if (off + (off_t) size > e->size) e->size = off + size;
    n_writes++;
    int rc = h->sync ? flush_entry(e, 1) : 0;
    pthread_mutex_unlock(&mu);
    return rc < 0 ? rc : (int) size;
}

static int pf_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) path;
    struct handle *h = (struct handle *) (uintptr_t) fi->fh;
    pthread_mutex_lock(&mu);
    int rc = flush_entry(h->e, datasync);
    pthread_mutex_unlock(&mu);
    return rc;
}

static int pf_release(const char *path, struct fuse_file_info *fi) {
    (void) path;
    struct handle *h = (struct handle *) (uintptr_t) fi->fh;
    pthread_mutex_lock(&mu);
    h->e->refs--;
    maybe_free(h->e);
    pthread_mutex_unlock(&mu);
    close(h->fd);
    free(h);
    return 0;
}

static int pf_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    int fd = fi ? ((struct handle *) (uintptr_t) fi->fh)->fd : openat(root, rel(path), O_WRONLY);
    if (fd < 0) return -errno;
    int rc = ftruncate(fd, size) < 0 ? -errno : 0;
    if (rc == 0) {
        struct stat st;
        pthread_mutex_lock(&mu);
        struct entry *e = fstat(fd, &st) == 0 ? find(st.st_ino) : NULL;
        if (e) {
            clip(e, size);
            maybe_free(e);
        }
        pthread_mutex_unlock(&mu);
    }
    if (!fi) close(fd);
    return rc;
}

static int pf_mkdir(const char *path, mode_t mode) {
    return mkdirat(root, rel(path), mode) < 0 ? -errno : 0;
}

static int pf_rmdir(const char *path) {
    return unlinkat(root, rel(path), AT_REMOVEDIR) < 0 ? -errno : 0;
}

static int pf_unlink(const char *path) {
    pthread_mutex_lock(&mu);
    unlinking(path);
    int rc = unlinkat(root, rel(path), 0) < 0 ? -errno : 0;
    pthread_mutex_unlock(&mu);
    return rc;
}

static int pf_rename(const char *from, const char *to, unsigned int flags) {
    if (flags) return -EINVAL;
    pthread_mutex_lock(&mu);
    struct stat src, dst;
    int src_ok = fstatat(root, rel(from), &src, AT_SYMLINK_NOFOLLOW) == 0;
    int same = src_ok && fstatat(root, rel(to), &dst, AT_SYMLINK_NOFOLLOW) == 0 && dst.st_ino == src.st_ino;
    if (!same) unlinking(to);
    int rc = renameat(root, rel(from), root, rel(to)) < 0 ? -errno : 0;
    if (rc == 0 && src_ok) {
        struct entry *e = find(src.st_ino);
        if (e) {
            free(e->path);
            e->path = strdup(to);
        }
    }
    pthread_mutex_unlock(&mu);
    return rc;
}

static int pf_link(const char *from, const char *to) {
    return linkat(root, rel(from), root, rel(to), 0) < 0 ? -errno : 0;
}

static int pf_symlink(const char *target, const char *path) {
    return symlinkat(target, root, rel(path)) < 0 ? -errno : 0;
}

static int pf_readlink(const char *path, char *buf, size_t size) {
    ssize_t n = readlinkat(root, rel(path), buf, size - 1);
    if (n < 0) return -errno;
    buf[n] = 0;
    return 0;
}

static int pf_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
    (void) fi;
    return fchmodat(root, rel(path), mode, 0) < 0 ? -errno : 0;
}

static int pf_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
    (void) fi;
    return fchownat(root, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

static int pf_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    (void) fi;
    return utimensat(root, rel(path), tv, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

static int pf_statfs(const char *path, struct statvfs *st) {
    (void) path;
    return fstatvfs(root, st) < 0 ? -errno : 0;
}

static int pf_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) datasync; (void) fi;
    int fd = openat(root, rel(path), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -errno;
    int rc = fsync(fd) < 0 ? -errno : 0;
    close(fd);
    return rc;
}

/* splitmix64: the per-file share of a seeded drop depends on the seed and the file's name only. */
static uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t name_hash(uint64_t seed, const char *s) {
    uint64_t h = mix(seed);
    for (; *s; s++) h = mix(h ^ (unsigned char) *s);
    return h;
}

struct out {
    char *buf;
    size_t len, cap;
};

static void say(struct out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->buf = realloc(o->buf, o->cap);
    }
    va_start(ap, fmt);
    vsnprintf(o->buf + o->len, n + 1, fmt, ap);
    va_end(ap);
    o->len += n;
}

/*
 * drop: every file's unsynced writes are lost, except, with a seed, a prefix (in write
 * order) of seeded length, which is written underneath first: the page cache had
 * written back that much when the power failed.
 */
static void drop(struct out *o, int seeded, uint64_t seed) {
    uint64_t files = 0, lost = 0, kept = 0;
    struct out lines = {0};
    struct entry *next;
    for (struct entry *e = entries; e; e = next) {
        next = e->next;
        if (!e->head) continue;
        uint64_t keep = seeded ? name_hash(seed, e->path ? e->path : "") % (e->unsynced + 1) : 0;
        if (keep > 0) write_back(e, keep);
        struct stat st;
        files++;
        lost += e->unsynced - keep;
        kept += keep;
        say(&lines, "file %s unsynced=%zu kept=%" PRIu64 " lost=%" PRIu64 "\n", e->path ? e->path : "?",
            e->unsynced, keep, (uint64_t) e->unsynced - keep);
        free_recs(e);
        if (fstat(e->fd, &st) == 0) e->size = st.st_size;
        maybe_free(e);
    }
    n_drops++;
    n_dropped_bytes += lost;
    say(o, "ok dropped %" PRIu64 " unsynced bytes in %" PRIu64 " files (kept %" PRIu64 ")\n", lost, files, kept);
    if (lines.buf) say(o, "%s", lines.buf);
    free(lines.buf);
}

static void command(const char *line, struct out *o) {
    char word[32] = "", mode[32] = "";
    unsigned long long seed = 0;
    int n = sscanf(line, "%31s %31s %llu", word, mode, &seed);
    pthread_mutex_lock(&mu);
    if (n >= 1 && strcmp(word, "stats") == 0) {
        uint64_t files = 0, bytes = 0;
        for (struct entry *e = entries; e; e = e->next) {
            if (e->head) files++;
            bytes += e->unsynced;
        }
        say(o, "ok unsynced_bytes=%" PRIu64 " unsynced_files=%" PRIu64 " writes=%" PRIu64 " fsyncs=%" PRIu64
               " drops=%" PRIu64 " dropped_bytes=%" PRIu64 "\n", bytes, files, n_writes, n_fsyncs, n_drops,
            n_dropped_bytes);
    } else if (n >= 1 && strcmp(word, "flush") == 0) {
        int failed = 0;
        for (struct entry *e = entries, *next; e; e = next) {
            next = e->next;
            if (e->head && flush_entry(e, 0) < 0) failed++;
            maybe_free(e);
        }
        say(o, failed ? "error %d files could not be flushed\n" : "ok flushed\n", failed);
    } else if (n >= 2 && strcmp(word, "drop") == 0 && strcmp(mode, "all") == 0) {
        drop(o, 0, 0);
    } else if (n == 3 && strcmp(word, "drop") == 0 && strcmp(mode, "suffix") == 0) {
        drop(o, 1, seed);
    } else {
        say(o, "error unknown command '%s' (stats | flush | drop all | drop suffix SEED)\n", line);
    }
    pthread_mutex_unlock(&mu);
}

static void *control(void *arg) {
    int ls = (int) (intptr_t) arg;
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0) continue;
        char line[256];
        size_t got = 0;
        ssize_t n;
        while (got < sizeof line - 1 && (n = read(c, line + got, sizeof line - 1 - got)) > 0) {
            got += n;
            if (memchr(line, '\n', got)) break;
        }
        line[got] = 0;
        line[strcspn(line, "\n")] = 0;
        struct out o = {0};
        command(line, &o);
        for (size_t off = 0; off < o.len;) {
            ssize_t w = write(c, o.buf + off, o.len - off);
            if (w <= 0) break;
            off += w;
        }
        free(o.buf);
        close(c);
    }
    return NULL;
}

static int listen_on(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (s < 0 || strlen(path) >= sizeof a.sun_path) return -1;
    strcpy(a.sun_path, path);
    unlink(path);
    if (bind(s, (struct sockaddr *) &a, sizeof a) < 0 || listen(s, 8) < 0) return -1;
    return s;
}

static void *pf_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
    (void) conn;
    /* Nothing cached in the kernel but pages, which each open drops: after a drop every process sees what is left. */
    cfg->attr_timeout = 0;
    cfg->entry_timeout = 0;
    cfg->negative_timeout = 0;
    cfg->hard_remove = 1;
    cfg->use_ino = 1;
    /* The control thread starts here: after fuse_main has daemonized (a fork keeps no threads). */
    int s = listen_on(sock_path);
    if (s < 0) {
        fprintf(stderr, "faultline-powerfs: cannot listen on %s: %s\n", sock_path, strerror(errno));
        exit(1);
    }
    pthread_t t;
    pthread_create(&t, NULL, control, (void *) (intptr_t) s);
    pthread_detach(t);
    return NULL;
}

static const struct fuse_operations ops = {
    .init = pf_init,
    .getattr = pf_getattr,
    .readdir = pf_readdir,
    .open = pf_open,
    .create = pf_create,
    .read = pf_read,
    .write = pf_write,
    .fsync = pf_fsync,
    .release = pf_release,
    .truncate = pf_truncate,
    .mkdir = pf_mkdir,
    .rmdir = pf_rmdir,
    .unlink = pf_unlink,
    .rename = pf_rename,
    .link = pf_link,
    .symlink = pf_symlink,
    .readlink = pf_readlink,
    .chmod = pf_chmod,
    .chown = pf_chown,
    .utimens = pf_utimens,
    .statfs = pf_statfs,
    .fsyncdir = pf_fsyncdir,
};

static int ctl(const char *path, int argc, char **argv) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (s < 0 || strlen(path) >= sizeof a.sun_path) return 2;
    strcpy(a.sun_path, path);
    if (connect(s, (struct sockaddr *) &a, sizeof a) < 0) {
        fprintf(stderr, "faultline-powerfs: no file system answers on %s: %s\n", path, strerror(errno));
        return 2;
    }
    char line[256] = "";
    for (int i = 0; i < argc; i++) {
        strncat(line, argv[i], sizeof line - strlen(line) - 2);
        strncat(line, i + 1 < argc ? " " : "\n", sizeof line - strlen(line) - 1);
    }
    if (write(s, line, strlen(line)) < 0) return 2;
    char buf[4096];
    ssize_t n;
    int first = 1, ok = 0;
    while ((n = read(s, buf, sizeof buf)) > 0) {
        if (first) ok = n >= 2 && buf[0] == 'o' && buf[1] == 'k';
        first = 0;
        fwrite(buf, 1, n, stdout);
    }
    close(s);
    return ok ? 0 : 1;
}

static int flip(const char *file, long long offset, int mask) {
    int fd = open(file, O_RDWR);
    unsigned char b;
    if (fd < 0 || pread(fd, &b, 1, offset) != 1) {
        fprintf(stderr, "faultline-powerfs: cannot read byte %lld of %s: %s\n", offset, file, strerror(errno));
        return 1;
    }
    unsigned char f = b ^ (unsigned char) mask;
    if (pwrite(fd, &f, 1, offset) != 1 || fsync(fd) < 0) {
        fprintf(stderr, "faultline-powerfs: cannot write %s: %s\n", file, strerror(errno));
        return 1;
    }
    printf("%s %lld %02x %02x\n", file, offset, b, f);
    close(fd);
    return 0;
}

static int usage(void) {
    fprintf(stderr, "usage: faultline-powerfs mount DIR SOCKET [fuse options...]\n"
                    "       faultline-powerfs ctl SOCKET stats | flush | drop all | drop suffix SEED\n"
                    "       faultline-powerfs flip FILE OFFSET MASK\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "ctl") == 0) return ctl(argv[2], argc - 3, argv + 3);
    if (argc == 5 && strcmp(argv[1], "flip") == 0) return flip(argv[2], atoll(argv[3]), (int) strtol(argv[4], NULL, 0));
    if (argc < 4 || strcmp(argv[1], "mount") != 0) return usage();
    const char *dir = argv[2];
    sock_path = argv[3];
    /* Opened before the mount: the descriptor keeps reaching the directory's own contents underneath. */
    root = open(dir, O_RDONLY | O_DIRECTORY);
    if (root < 0) {
        fprintf(stderr, "faultline-powerfs: cannot open %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char *fargs[32];
    int n = 0;
    fargs[n++] = argv[0];
    fargs[n++] = "-o";
    fargs[n++] = "allow_other,fsname=faultline-powerfs,subtype=faultline-powerfs";
    for (int i = 4; i < argc && n < 30; i++) fargs[n++] = argv[i];
    fargs[n++] = (char *) dir;
    return fuse_main(n, fargs, &ops, NULL);
}
