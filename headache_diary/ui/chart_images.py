"""Charts drawn into QImages on a worker thread (matplotlib's Agg canvas, object API).

QImage, never QPixmap, off the GUI thread: the window turns each image into a pixmap when
it shows it. Importing this module imports matplotlib, so only worker code imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from matplotlib.backends.backend_agg import FigureCanvasAgg
from PySide6.QtGui import QImage

from headache_diary.analysis.charts import iter_charts
from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.analysis.workup_charts import iter_workup_charts
from headache_diary.domain.jobs import Job
from headache_diary.ui.tasks import collect_in_gui_thread


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
    # one figure at a time, made only when the one before has been drawn and dropped
    # the summary's charts, then the neck workup's (relief curves, scores over time)
    for title, fig in chain(iter_charts(snapshot), iter_workup_charts(snapshot)):
        if job is not None:
            job.check()
        fig.set_size_inches(max(width_px, 320) / fig.dpi, fig.get_figheight())
        canvas = FigureCanvasAgg(fig)
        fig.set_dpi(fig.dpi * ratio)
        canvas.draw()
        width, height = canvas.get_width_height(physical=True)
        # One copy, out of the Agg buffer (which goes with the figure), into the format of
        # an opaque pixmap: the figures are opaque (white face), and QPixmap.fromImage
        # shares an RGB32 image's pixels where it copies and converts an RGBA one (9 MiB
        # more for the six charts at the moment they are shown).
        pixels = canvas.buffer_rgba()
        rgba = QImage(pixels, width, height, 4 * width, QImage.Format.Format_RGBA8888)
        image = rgba.convertToFormat(QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(ratio)
        out.append(ChartImage(title, image))
        # A figure is a web of reference cycles (figure, axes, artists, transforms: 3,000-
        # 9,000 objects, and the canvas's pixel buffer) that only the collector frees.
        # Never here, on a worker (DESIGN.md): the GUI thread collects it while this
        # worker waits, so that the next figure reuses its memory (the Analysis tab's
        # peak is 11 MiB lower than with the six collected after the work, bench_gui).
        del rgba, pixels, canvas, fig
        collect_in_gui_thread()
    return out
