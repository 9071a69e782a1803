"""Vocabulary, episode values and validation rules. Imports nothing from other layers."""
