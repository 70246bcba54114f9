#!/usr/bin/env python3
"""A FUSE filesystem that forgets what was not fsynced, for the chaos run's power cut.

    forgetful-fs.py BACKING_DIR MOUNTPOINT

Every operation passes through to BACKING_DIR. For each file, every data change since that file's
last fsync/fdatasync (writes and truncations) is kept in an undo log: the bytes a write overwrote
and the size before it; for a truncation, the size before and the data extents it cut. A power
cut replays every undo log backwards, so each file holds exactly what it held at its last fsync
(a file never fsynced since it was created ends up empty), then forgets the logs.

The power cut is asked for in band, by looking up the name /.power-cut-<n> (any n, e.g. with
stat): the lookup rolls back, prints "power cut <n>: <files> files, <bytes> bytes undone
(largest: …)" on stdout and answers ENOENT. Ask only when nothing writes any more (the broker was SIGKILLed).

What it does not model: directory operations (create, rename, unlink) are kept as they were done,
as a journaling filesystem that committed its metadata would; only file data is forgotten.
The kernel's attribute and entry caches are off (attr_timeout=0), and without kernel_cache every
open rereads pages, so a process started after the cut sees the rolled-back files.
"""
import errno
import os
import sys
import threading

from fuse import FUSE, FuseOSError, Operations

CUT_PREFIX = "/.power-cut-"


def data_extents(fd, start, end):
    """(offset, length) of the data (not holes) of fd within [start, end)."""
    out = []
    pos = start
    while pos < end:
        try:
            data = os.lseek(fd, pos, os.SEEK_DATA)
        except OSError:
            break
        if data >= end:
            break
        hole = min(os.lseek(fd, data, os.SEEK_HOLE), end)
        out.append((data, hole - data))
        pos = hole
    return out


class Forgetful(Operations):
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.mutex = threading.Lock()
        # path -> list of undo records, oldest first:
        #   ("write", offset, old_bytes, old_size) | ("truncate", old_size, [(offset, bytes)])
        self.undo = {}

    def real(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    # --- the undo log ----------------------------------------------------------------------
    def note_write(self, path, fd, offset, length):
        size = os.fstat(fd).st_size
        old = os.pread(fd, max(0, min(length, size - offset)), offset) if offset < size else b""
        self.undo.setdefault(path, []).append(("write", offset, old, size))

    def note_truncate(self, path, fd, new_size):
        size = os.fstat(fd).st_size
        cut = [(off, os.pread(fd, n, off)) for off, n in data_extents(fd, new_size, size)] if new_size < size else []
        self.undo.setdefault(path, []).append(("truncate", size, cut))

    def power_cut(self, n):
        per_file = {}
        for path, records in self.undo.items():
            real = self.real(path)
            if not os.path.exists(real):
                continue
            undone = 0
            fd = os.open(real, os.O_RDWR)
            try:
                for record in reversed(records):
                    if record[0] == "write":
                        _, offset, old, size = record
                        os.pwrite(fd, old, offset)
                        os.ftruncate(fd, size)
                        undone += len(old)
                    else:
                        _, size, cut = record
                        os.ftruncate(fd, size)
                        for off, data in cut:
                            os.pwrite(fd, data, off)
                            undone += len(data)
            finally:
                os.close(fd)
            per_file[path] = undone
        self.undo = {}
        largest = sorted(per_file.items(), key=lambda item: -item[1])[:3]
        detail = ", ".join(f"{path} {size}" for path, size in largest)
        print(f"power cut {n}: {len(per_file)} files, {sum(per_file.values())} bytes undone (largest: {detail})", flush=True)

    # --- pass-through operations -------------------------------------------------------------
    def getattr(self, path, fh=None):
        if path.startswith(CUT_PREFIX):
            with self.mutex:
                self.power_cut(path[len(CUT_PREFIX):])
            raise FuseOSError(errno.ENOENT)
        st = os.lstat(self.real(path))
        keys = ("st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime", "st_nlink", "st_size", "st_uid", "st_blocks")
        return {k: getattr(st, k) for k in keys}

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self.real(path))

    def statfs(self, path):
        st = os.statvfs(self.real(path))
        keys = ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")
        return {k: getattr(st, k) for k in keys}

    def access(self, path, mode):
        if not os.access(self.real(path), mode):
            raise FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        os.chmod(self.real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self.real(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self.real(path), times)

    def mkdir(self, path, mode):
        os.mkdir(self.real(path), mode)

    def rmdir(self, path):
        os.rmdir(self.real(path))

    def unlink(self, path):
        with self.mutex:
            os.unlink(self.real(path))
            self.undo.pop(path, None)

    def rename(self, old, new):
        with self.mutex:
            os.rename(self.real(old), self.real(new))
            moved = {p: r for p, r in self.undo.items() if p == old or p.startswith(old + "/")}
            self.undo.pop(new, None)
            for p, r in moved.items():
                del self.undo[p]
                self.undo[new + p[len(old):]] = r

    def open_flags(self, flags):
        # Undo needs to read what a write overwrites; appends are placed by the kernel's offset.
        if flags & (os.O_WRONLY | os.O_RDWR):
            flags = (flags & ~(os.O_WRONLY | os.O_APPEND)) | os.O_RDWR
        return flags

    def open(self, path, flags):
        with self.mutex:
            if flags & os.O_TRUNC:
                fd = os.open(self.real(path), os.O_RDWR)
                self.note_truncate(path, fd, 0)
                os.close(fd)
            return os.open(self.real(path), self.open_flags(flags))

    def create(self, path, mode, fi=None):
        with self.mutex:
            fd = os.open(self.real(path), os.O_RDWR | os.O_CREAT, mode)
            self.note_truncate(path, fd, 0)
            os.ftruncate(fd, 0)
            return fd

    def read(self, path, length, offset, fh):
        return os.pread(fh, length, offset)

    def write(self, path, data, offset, fh):
        with self.mutex:
            self.note_write(path, fh, offset, len(data))
            return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        with self.mutex:
            fd = os.open(self.real(path), os.O_RDWR) if fh is None else fh
            try:
                self.note_truncate(path, fd, length)
                os.ftruncate(fd, length)
            finally:
                if fh is None:
                    os.close(fd)

    def fsync(self, path, datasync, fh):
        with self.mutex:
            if datasync:
                os.fdatasync(fh)
            else:
                os.fsync(fh)
            self.undo.pop(path, None)

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)


if __name__ == "__main__":
    backing, mountpoint = sys.argv[1], sys.argv[2]
    print(f"forgetful-fs: {backing} on {mountpoint}", flush=True)
    FUSE(Forgetful(backing), mountpoint, foreground=True, nothreads=False, attr_timeout=0, entry_timeout=0,
         negative_timeout=0, ac_attr_timeout=0, default_permissions=False)
