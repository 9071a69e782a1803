"""The window (PySide6 widgets).

Importing the package changes nothing of the process: the composition root
(``headache_diary.app``) sets the process-wide state of the window before it imports it.
"""
