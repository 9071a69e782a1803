"""Charts drawn into QImages on a worker thread (matplotlib's Agg canvas, object API).

QImage, never QPixmap, off the GUI thread: the window turns each image into a pixmap when
it shows it. Importing this module imports matplotlib, so only worker code imports it.
"""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from PySide6.QtGui import QImage

from headache_diary.analysis.charts import build_charts
from headache_diary.analysis.snapshot import AnalysisSnapshot
from headache_diary.domain.jobs import Job
from headache_diary.ui.memory import freeze

freeze()  # matplotlib's module objects: out of every later collection (see ui.memory)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChartImage:
    title: str
    image: QImage


def render_charts(
    snapshot: AnalysisSnapshot, width_px: int, ratio: float = 1.0, job: Job | None = None
) -> list[ChartImage]:
    """Every chart of the snapshot, ``width_px`` logical pixels wide (``ratio``: the
    screen's device pixel ratio, so the text is sharp on HiDPI screens)."""
    out = []
    charts = build_charts(snapshot)
    while charts:  # each figure is dropped as soon as it is drawn: less memory at the peak
        title, fig = charts.pop(0)
        if job is not None:
            job.check()
        fig.set_size_inches(max(width_px, 320) / fig.dpi, fig.get_figheight())
        canvas = FigureCanvasAgg(fig)
        fig.set_dpi(fig.dpi * ratio)
        canvas.draw()
        width, height = canvas.get_width_height(physical=True)
        # one copy, out of the Agg buffer (which goes with the figure)
        pixels = canvas.buffer_rgba()
        image = QImage(pixels, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
        image.setDevicePixelRatio(ratio)
        out.append(ChartImage(title, image))
        del pixels, canvas, fig
    # A figure is a web of reference cycles (figure, axes, artists, transforms: about
    # 6,000 objects), which only the collector frees. Collected here, on the worker, once
    # all are drawn (20-30 ms for the six, with the window's objects frozen, see
    # ui.memory; one figure at a time cost 60-70 ms in all); left to the collector,
    # figures piled up over a few refreshes (+45 MiB) and went in one long full
    # collection, at any moment, in any thread.
    t = time.perf_counter()
    gc.collect()
    log.debug("charts collected in %.1f ms", (time.perf_counter() - t) * 1000)
    return out
