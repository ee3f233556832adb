"""Keep the parser's memory flat and its peaks small over long runs (glibc only; elsewhere, such
as macOS or musl, these do nothing and say so by returning False).

PyTorch on CPU allocates each batch's tensors with ``malloc``, in sizes that change with every
batch.  Two things follow, both measured in ``benchmarks/RESULTS.md``:

* glibc keeps freed blocks in its heaps for reuse, and with ever-different sizes a long run's
  resident memory creeps up although nothing is leaked.  :func:`release_memory`
  (``malloc_trim(0)``) returns those free pages; it is called once per parser call, which costs
  far less than the call itself.
* Within one parser call, each stage and each of the parser's inner batches leaves holes the next,
  larger tensors cannot use, so the heap grows through the call: over 400 articles the most one
  call added was 193 MB, of which the parser's own work was ~100.  :func:`bound_allocations`
  makes every block of 4 MiB or more a separate mapping that goes back to the system when freed
  (glibc otherwise raises that threshold to up to 32 MiB as the run goes): the most one call
  added fell to 82 MB, the resident floor from ~490 to ~471 MB, for 2-8% of speed (fresh
  pages for each big tensor).  ``ATTRIBUTION_MEMORY=fast`` keeps glibc's default, for when speed
  matters more than the peak.
"""
from __future__ import annotations

import functools
import os

MEMORY_ENV = "ATTRIBUTION_MEMORY"
MEMORY_MODES = ("bounded", "fast")
MMAP_THRESHOLD = 4 * 2**20
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)


@functools.lru_cache(maxsize=4)
def _libc_function(name: str):
    # imported here: ctypes.util brings subprocess, tempfile and shutil (~15 ms), and every command
    # reads memory_mode() at start-up while only a parse needs libc
    import ctypes
    import ctypes.util

    library = ctypes.util.find_library("c")
    if not library:
        return None
    try:
        return getattr(ctypes.CDLL(library), name)
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> bool:
    """Return free heap pages to the system; True when that was possible here."""
    trim = _libc_function("malloc_trim")
    if trim is None:
        return False
    trim(0)
    return True


def memory_mode() -> str:
    """``$ATTRIBUTION_MEMORY``: ``bounded`` (default) or ``fast``; anything else is a ValueError."""
    mode = os.environ.get(MEMORY_ENV, "").strip().lower() or "bounded"
    if mode not in MEMORY_MODES:
        raise ValueError(f"{MEMORY_ENV}={os.environ[MEMORY_ENV]!r}: expected one of {', '.join(MEMORY_MODES)}")
    return mode


def user_set_threshold() -> bool:
    """Whether the user chose glibc's mmap threshold themselves (then theirs is kept)."""
    return "MALLOC_MMAP_THRESHOLD_" in os.environ or "mmap_threshold" in os.environ.get("GLIBC_TUNABLES", "")


def bound_allocations() -> bool:
    """Serve blocks of :data:`MMAP_THRESHOLD` bytes or more from their own mappings (see the
    module docstring), unless ``ATTRIBUTION_MEMORY=fast`` or the user set the threshold; True
    when the setting was made.  Takes effect for the allocations that follow."""
    if memory_mode() == "fast" or user_set_threshold():
        return False
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
