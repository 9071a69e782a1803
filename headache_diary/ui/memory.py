"""Keep the garbage collector's pauses short in the window process.

A full collection scans every tracked object; with Qt, SQLAlchemy and matplotlib loaded
that is a few hundred thousand, about 100-180 ms with the GIL held, and whichever thread
triggers it stalls every other one: a worker's collection froze the window. The modules'
own objects live as long as the process, so once they are loaded :func:`freeze` moves them
to the collector's permanent generation (``gc.freeze``), which later collections skip.

Called when the diary has been opened (SQLAlchemy and the storage modules are in) and
when a worker has imported matplotlib for the charts. Objects alive at that moment are
never collected if they later form garbage cycles, so it is called before any diary data
or figure exists.

Freezing after an import is not enough: importing matplotlib makes so many objects that
the collector ran a full collection in the middle of it (55 ms measured, with the window
waiting). :func:`import_quietly` keeps the collector off while a worker imports modules
for the first time and freezes what the imports made; :func:`quiet_imports` does the same
around a block (opening the diary). Both freeze whatever is alive at the end, garbage
included, so they are used once, before any diary data exists, never around repeated
work: a figure waiting for collection would be kept for good.
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_importing = 0
_was_enabled = True


@contextmanager
def quiet_imports() -> Iterator[None]:
    """Around a worker's first imports of large modules (SQLAlchemy, matplotlib, the
    services): no collection while they load, and their objects frozen after. Nested and
    concurrent uses share one pause."""
    global _importing, _was_enabled
    with _lock:
        if _importing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _importing += 1
    try:
        yield
    finally:
        with _lock:
            _importing -= 1
            if _importing == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()


def import_quietly(*names: str) -> None:
    """Import the modules named (dotted names) that are not imported yet, inside
    :func:`quiet_imports`; nothing happens when all of them are."""
    missing = [name for name in names if name not in sys.modules]
    if missing:
        with quiet_imports():
            for name in missing:
                importlib.import_module(name)


def freeze() -> None:
    # no gc.collect() first: it would be the very pause this avoids (the little garbage
    # there is at these moments is simply kept)
    gc.freeze()
