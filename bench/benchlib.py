"""Helpers the benchmark scripts share (imported from the scripts beside it)."""
import os


def cache_value(build, key):
    """A CMakeCache.txt entry of the build directory, or None."""
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def env_with(extra, drop=()):
    """This process's environment without the variables in drop, plus extra."""
    e = dict(os.environ)
    for k in drop:
        e.pop(k, None)
    e.update(extra)
    return e
