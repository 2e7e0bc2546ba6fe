#!/usr/bin/env python3
"""corpus.py - crash-safe corpus merge for ci/campaign.

A corpus directory ROOT/<target>/ is only ever replaced as a whole:

  1. merge:    copy ROOT/<target> to STAGE/<target>.new, then let libFuzzer
               (-merge=1) add the inputs of the fuzzing runs that bring new
               coverage.  ROOT is not touched.
  2. stage:    move STAGE/<target>.new to ROOT/.<target>.new (a rename when
               on the same file system, else copy to .<target>.new.tmp and
               rename).
  3. exchange: renameat2(RENAME_EXCHANGE) swaps ROOT/.<target>.new and
               ROOT/<target> in one step (fallback where unsupported: two
               renames through ROOT/.<target>.old).
  4. cleanup:  rename the old set to ROOT/.<target>.old and delete it.

recover() runs at every start: it deletes leftover .new/.new.tmp/.old
directories and, only if ROOT/<target> is missing (killed between the two
fallback renames), renames ROOT/.<target>.old back.  Killing the process at
any moment therefore leaves ROOT/<target> equal to the old or the new set.

Usage (the campaign imports this; the command line is for tests):
  corpus.py recover ROOT
  corpus.py merge --fuzzer BIN --root ROOT --target T --stage DIR INPUT...
Environment SF_CAMPAIGN_KILL_AT=<point> makes merge SIGKILL itself at a named
point (after-merge, after-stage, after-exchange, after-old) for the tests;
SF_CAMPAIGN_NO_EXCHANGE=1 forces the two-rename fallback.
"""
import ctypes
import errno
import os
import shutil
import signal
import subprocess
import sys

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _kill_point(name):
    if os.environ.get("SF_CAMPAIGN_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _rmtree(path):
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a, b):
    """Atomically swap paths a and b; False if the kernel/fs cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                   ctypes.c_char_p, ctypes.c_uint]
    rc = fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b),
            RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), a)


def recover(root):
    """Undo what a killed merge left behind in root; returns actions done."""
    done = []
    if not os.path.isdir(root):
        return done
    for name in sorted(os.listdir(root)):
        if not name.startswith("."):
            continue
        path = os.path.join(root, name)
        for suffix in (".new.tmp", ".new", ".old"):
            if name.endswith(suffix) and os.path.isdir(path):
                target = os.path.join(root, name[1:-len(suffix)])
                if suffix == ".old" and not os.path.lexists(target):
                    os.rename(path, target)
                    done.append("restored " + target)
                else:
                    _rmtree(path)
                    done.append("removed " + path)
                break
    return done


def run_merge(fuzzer, new_dir, inputs, env=None, log=None):
    """libFuzzer -merge=1: add to new_dir the inputs that bring coverage."""
    inputs = [d for d in inputs if os.path.isdir(d) and os.listdir(d)]
    if not inputs:
        return 0
    cmd = [fuzzer, "-merge=1", "-timeout=10", "-rss_limit_mb=4096",
           new_dir] + inputs
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        return subprocess.call(cmd, stdout=out, stderr=out, env=env)
    finally:
        if log:
            out.close()


def _stage(new_dir, staged):
    tmp = staged + ".tmp"
    try:
        os.rename(new_dir, staged)
        return
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise
    shutil.copytree(new_dir, tmp)
    os.rename(tmp, staged)


def install(root, target, new_dir):
    """Replace root/target by new_dir as one atomic step (see module doc)."""
    final = os.path.join(root, target)
    staged = os.path.join(root, "." + target + ".new")
    old = os.path.join(root, "." + target + ".old")
    _stage(new_dir, staged)
    _fsync_dir(root)
    _kill_point("after-stage")
    if not os.path.lexists(final):
        os.rename(staged, final)
    elif os.environ.get("SF_CAMPAIGN_NO_EXCHANGE") != "1" and \
            _exchange(staged, final):
        _kill_point("after-exchange")
        os.rename(staged, old)
    else:
        os.rename(final, old)
        _kill_point("after-exchange")
        os.rename(staged, final)
    _fsync_dir(root)
    _kill_point("after-old")
    _rmtree(old)


def merge(fuzzer, root, target, stage, inputs, env=None, log=None):
    """Merge inputs into root/target; returns (before, after) file counts."""
    final = os.path.join(root, target)
    new_dir = os.path.join(stage, target + ".new")
    _rmtree(new_dir)
    os.makedirs(stage, exist_ok=True)
    if os.path.isdir(final):
        shutil.copytree(final, new_dir)
    else:
        os.makedirs(new_dir)
    before = len(os.listdir(new_dir))
    run_merge(fuzzer, new_dir, inputs, env, log)
    _kill_point("after-merge")
    after = len(os.listdir(new_dir))
    if after == before and os.path.isdir(final):
        _rmtree(new_dir)
        return before, after
    install(root, target, new_dir)
    return before, after


def main(argv):
    if len(argv) == 2 and argv[0] == "recover":
        for line in recover(argv[1]):
            print(line)
        return 0
    if argv and argv[0] == "merge":
        import argparse
        ap = argparse.ArgumentParser(prog="corpus.py merge")
        ap.add_argument("--fuzzer", required=True)
        ap.add_argument("--root", required=True)
        ap.add_argument("--target", required=True)
        ap.add_argument("--stage", required=True)
        ap.add_argument("inputs", nargs="+")
        a = ap.parse_args(argv[1:])
        recover(a.root)
        before, after = merge(a.fuzzer, a.root, a.target, a.stage, a.inputs)
        print("%s: %d -> %d files" % (a.target, before, after))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
