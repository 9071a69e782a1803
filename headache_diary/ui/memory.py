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
"""

from __future__ import annotations

import gc


def freeze() -> None:
    # no gc.collect() first: it would be the very pause this avoids (the little garbage
    # there is at these moments is simply kept)
    gc.freeze()
