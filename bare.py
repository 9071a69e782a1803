import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
t1 = time.perf_counter()
app = QApplication(sys.argv)
t4 = time.perf_counter()
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1000, 700)
w.show()
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
app.processEvents()
t6 = time.perf_counter()
print(f"qtwidgets {1000*(t1-t0):.0f} QApp {1000*(t4-t1):.0f} show {1000*(t6-t4):.0f} total {1000*(t6-t0):.0f}")
