"""The PDF summary (QPdfWriter, QPainter, QSvgRenderer)."""
