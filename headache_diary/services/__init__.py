"""The use cases, as plain Python: one unit of work each, typed results, no Qt.

The CLI (``app.py``) and the GUI (``ui/``) both call these functions with an
:class:`~headache_diary.context.AppContext`. Every database failure reaches them as a
readable :class:`~headache_diary.domain.errors.DiaryError` (the session scope in
``storage.db`` makes it), so callers only decide how to show it.
"""
