"""Hand memory freed by the parser back to the operating system between batches.

PyTorch on CPU allocates each batch's tensors with ``malloc``, in sizes that change with every
batch.  glibc keeps freed blocks in its heaps for reuse, and with ever-different sizes a long run's
resident memory creeps up although nothing is leaked (measured in ``benchmarks/RESULTS.md``).
``malloc_trim(0)`` returns those free pages; it is called once per parser batch, which costs far
less than the batch itself.  Elsewhere than glibc (macOS, musl) this does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> bool:
    """Return free heap pages to the system; True when that was possible here."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
