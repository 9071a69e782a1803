"""Headache Diary: a private, local headache diary for cervicogenic headache."""

__version__ = "0.1.0"
