"""A saved episode survives a crash, and an import is all or nothing: 30 rounds of SIGKILL
at random moments while a process saves episodes one by one or imports a CSV file (see
tests/crash_harness.py for what is checked after each round). ``CRASH_SEED=N`` repeats a
run; a failure names its seed.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests import crash_harness


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_sigkill_while_saving_and_importing_loses_nothing_acknowledged(
    record_property: pytest.RecordProperty,
) -> None:
    seed = os.environ.get("CRASH_SEED")
    figures = crash_harness.run(30, seed=int(seed) if seed else None)
    record_property("crash_harness", figures.line())
    assert not figures.problems, "\n".join([figures.line(), *figures.problems])
    assert figures.rounds == 30 and figures.lost == 0
    assert figures.acknowledged_inserts > 0 and figures.acknowledged_updates > 0
    assert figures.imports_all + figures.imports_none == figures.import_rounds


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
@pytest.mark.timeout(900)
def test_sigkill_during_encrypt_of_50000_episodes_leaves_a_whole_diary(
    record_property: pytest.RecordProperty,
) -> None:
    """Issue 25: `encrypt` killed at random moments (writing the copy, checking it, the
    swap, overwriting the old files, the backups); the diary is whole every time, plain or
    encrypted, and the next start leaves no diary text in any file of the folder."""
    seed = os.environ.get("CRASH_SEED")
    figures = crash_harness.run_encrypt(4, seed=int(seed) if seed else None)
    record_property("crash_harness_encrypt", figures.line())
    assert not figures.problems, "\n".join([figures.line(), *figures.problems])
    assert figures.rounds == 4
    assert figures.found_plain + figures.found_encrypted == 4
