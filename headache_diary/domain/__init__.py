"""Vocabulary, episode values and validation rules. Imports nothing from other layers."""

import uuid


def new_id() -> str:
    """A new record's id (episodes, history events, plan entries, doses): a random UUID."""
    return str(uuid.uuid4())
