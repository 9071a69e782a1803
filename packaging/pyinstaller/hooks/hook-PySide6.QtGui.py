"""Our hook for PySide6.QtGui, in place of PyInstaller's: the same, minus Qt plugins the
app cannot use on a desktop, so that they and the libraries only they need stay out.

Left out: platforms for embedded devices and remote screens (eglfs, linuxfb, minimal,
minimalegl, vnc, vkkhrdisplay) with their EGL device integrations and evdev/TUIO input
plugins (which pull in QtNetwork), and the GTK 3 platform theme, which would load the
system's GTK 3 beside the bundle's own copies of cairo and pango. Kept: xcb, wayland and
offscreen, the image formats (svg among them), the SVG icon engine, input methods, the
xdg-desktop-portal theme.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

DROPPED = (
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqminimal",  # also libqminimalegl
    "platforms/libqvnc",
    "platforms/libqvkkhrdisplay",
    "egldeviceintegrations/",
    "generic/",
    "platformthemes/libqgtk3",
)


def _kept(entry: tuple[str, str]) -> bool:
    src = entry[0].replace("\\", "/")
    return not any(f"/plugins/{part}" in src for part in DROPPED)


binaries = [b for b in binaries if _kept(b)]
