#!/usr/bin/env python3
"""runguard.py - one campaign per corpus root at a time, and what a killed
campaign left behind (used by campaign.py).

lock_corpus(root, wait): flock(LOCK_EX) on the corpus root directory itself
    (no lock file to leave behind).  The kernel releases it when the holder
    exits or is killed, so a dead run never blocks the next.  Busy and
    wait=False: raises Busy (campaign.py exits 2 with its message).
mark_running(out): creates OUT/.running (pid, start time) and keeps it
    flock'ed while this process lives: a report-less run folder whose
    .running nobody holds is a run that was killed.
recover_interrupted(outroot, out): for every killed run folder under
    outroot: moves its new inputs (work/<san>/<target>/) and crash artifacts
    (crashes/<san>/<target>/) into this run's folder, so they are merged and
    triaged now, deletes the rest (merge/*.new staging copies, libFuzzer's
    temporary files under tmp/, logs) and the folder; returns one note per
    interrupted run for the report.
"""
import errno
import fcntl
import os
import shutil
import time

_held = []  # open descriptors of the locks this process holds


class Busy(Exception):
    pass


def lock_corpus(root, wait=False):
    os.makedirs(root, exist_ok=True)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
            os.close(fd)
            raise
        if not wait:
            os.close(fd)
            raise Busy("another ci/campaign is running on the corpus root %s "
                       "(it holds the lock on that directory); two at once "
                       "would lose corpus additions.  Let it finish, or pass "
                       "--wait-lock to wait for it" % root)
        print("ci/campaign: waiting for the campaign running on %s" % root,
              flush=True)
        fcntl.flock(fd, fcntl.LOCK_EX)
    _held.append(fd)
    return fd


def mark_running(out):
    fd = os.open(os.path.join(out, ".running"),
                 os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, ("pid %d started %s\n" % (
        os.getpid(), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))).encode())
    _held.append(fd)


def _killed(path):
    """True if the run folder path has no report and no live owner."""
    if os.path.exists(os.path.join(path, "report.md")) or \
            os.path.exists(os.path.join(path, "report.json")):
        return False
    marker = os.path.join(path, ".running")
    try:
        fd = os.open(marker, os.O_RDONLY)
    except FileNotFoundError:
        return True  # killed before it could mark itself (or an old run)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False  # its owner is alive
    finally:
        os.close(fd)


def _size(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(d, f)).st_size
            except OSError:
                pass
    return total


def _move_files(src_root, dst_root, skip_suffix=None):
    """Moves src_root/<san>/<target>/* to dst_root/<san>/<target>/."""
    moved = 0
    if not os.path.isdir(src_root):
        return 0
    for san in sorted(os.listdir(src_root)):
        for target in sorted(os.listdir(os.path.join(src_root, san))):
            src = os.path.join(src_root, san, target)
            if not os.path.isdir(src):
                continue
            dst = os.path.join(dst_root, san, target)
            os.makedirs(dst, exist_ok=True)
            for name in os.listdir(src):
                if skip_suffix and name.endswith(skip_suffix):
                    continue
                if not os.path.exists(os.path.join(dst, name)):
                    os.rename(os.path.join(src, name), os.path.join(dst, name))
                    moved += 1
    return moved


def recover_interrupted(outroot, out):
    notes = []
    if not os.path.isdir(outroot):
        return notes
    for name in sorted(os.listdir(outroot)):
        path = os.path.join(outroot, name)
        if path == out or not os.path.isdir(path) or not _killed(path):
            continue
        inputs = _move_files(os.path.join(path, "work"),
                             os.path.join(out, "work"))
        crashes = _move_files(os.path.join(path, "crashes"),
                              os.path.join(out, "crashes"), ".repro.log")
        tmp = os.path.join(path, "tmp")
        temps = len(os.listdir(tmp)) if os.path.isdir(tmp) else 0
        merge = os.path.join(path, "merge")
        staged = len(os.listdir(merge)) if os.path.isdir(merge) else 0
        size = _size(path)
        shutil.rmtree(path, ignore_errors=True)
        notes.append(
            "the earlier run %s was interrupted (no report): recovered %d new "
            "input(s) and %d crash artifact(s) into this run; deleted its "
            "folder (%d merge staging dir(s), %d libFuzzer temporary "
            "file(s)/dir(s), %.1f MB in all)" %
            (name, inputs, crashes, staged, temps, size / 1e6))
    return notes
