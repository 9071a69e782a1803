"""A passphrase for the diary (issue 25, DESIGN.md "Encryption", FORMAT.md): on real files.

After ``encrypt`` no file in the data folder holds any diary text; a wrong or missing
passphrase changes no byte; summaries are equal before and after; backups, restore and an
upgrade work encrypted; ``change-passphrase`` and ``decrypt`` bring the backups along; the
passphrase is never in the log or a traceback.
"""

from __future__ import annotations

import hashlib
import os
import threading
import traceback
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from headache_diary.app import main
from headache_diary.cli_protect import find_passphrase
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Medication
from headache_diary.domain.errors import DamagedDiaryError
from headache_diary.domain.keys import DiaryKey, PassphraseError, derive_key
from headache_diary.domain.personal import PersonalDetails
from headache_diary.paths import Paths, ensure_private_dir
from headache_diary.services import protection
from headache_diary.storage import cipher, daily, personal, repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.files import read_schema_version
from headache_diary.storage.restore import move_aside
from headache_diary.storage.schema import alembic_config, known_revisions

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
PASS = "correct horse battery staple ünd mehr"
OTHER = "a different passphrase"
#: texts that must never be found in a file of an encrypted diary's folder
SECRETS = ("Zwiebelkuchen-7731", "Sumatriptan-Rezept-9", "Ada Lovelace-Byron", "Nackenweh-42")


@pytest.fixture(autouse=True)
def _no_passphrase_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEADACHE_DIARY_PASSPHRASE", raising=False)
    monkeypatch.delenv("HEADACHE_DIARY_NEW_PASSPHRASE", raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), now=NOW)
    out, err = capsys.readouterr()
    return code, out, err


def pass_file(tmp_path: Path, text: str, name: str = "pass.txt") -> str:
    f = tmp_path / name
    f.write_text(text + "\n", "utf-8")
    return str(f)


def fill(paths: Paths, make_episode) -> None:
    """A diary with the secrets in a note, a medication, a check-in and the name."""
    diary = open_diary(paths)
    try:
        with diary.session() as s:
            repository.insert_episodes(
                s,
                [
                    make_episode(
                        "2026-03-01 08:15",
                        notes=SECRETS[0],
                        triggers=["neck_movement"],
                        medications=[Medication(SECRETS[1], "triptan", "some")],
                    ),
                    make_episode("2026-03-02 09:00", side="right", hours=3),
                    make_episode("2026-03-05 18:00", side="left", hours=5, notes="left again"),
                ],
            )
            daily.save_check_in(s, CheckIn(date(2026, 3, 3), False, 4, SECRETS[3]))
            personal.set_personal_details(s, PersonalDetails(SECRETS[2], None))
    finally:
        diary.close()


def all_files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def summary(capsys, paths: Paths, *extra: str) -> str:
    code, out, err = run(
        capsys, "summary", "--json", "--from", "2026-03-01", "--to", "2026-03-31",
        "--data-dir", str(paths.data_dir), *extra,
    )  # fmt: skip
    assert code == 0, err
    return out


def opens_with(path: Path, passphrase: str) -> bool:
    """SQLCipher's own derivation from the passphrase (as in the sqlcipher shell)."""
    import sqlcipher3.dbapi2 as dbapi

    con = dbapi.connect(str(path))
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute("PRAGMA key = ?".replace("?", "'" + passphrase.replace("'", "''") + "'"))
        con.execute("SELECT count(*) FROM episode").fetchone()
        return True
    except dbapi.Error:
        return False
    finally:
        con.close()


@pytest.fixture
def filled(paths: Paths, make_episode, capsys, tmp_path) -> Paths:
    fill(paths, make_episode)
    code, _, err = run(capsys, "backup", "--data-dir", str(paths.data_dir))
    assert code == 0, err
    return paths


def encrypt(capsys, paths: Paths, tmp_path: Path, passphrase: str = PASS) -> str:
    code, out, err = run(
        capsys, "encrypt", "--passphrase-file", pass_file(tmp_path, passphrase),
        "--data-dir", str(paths.data_dir),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    return out


# --- encrypt --------------------------------------------------------------------------------


def test_after_encrypt_no_file_in_the_data_folder_holds_diary_text(capsys, filled, tmp_path):
    paths = filled
    before = summary(capsys, paths)
    plain = all_files(paths.data_dir)
    assert any(SECRETS[0].encode() in data for data in plain.values())  # the test can fail
    out = encrypt(capsys, paths, tmp_path)
    assert "Overwritten and removed: " + str(paths.database) in out
    assert "SSD" in out and "full-disk encryption" in out
    for path, data in all_files(paths.data_dir).items():
        for secret in (*SECRETS, PASS):
            assert secret.encode() not in data, f"{secret} in {path}"
    assert cipher.is_encrypted(paths.database)
    backups = sorted(paths.backups.glob("diary-*.sqlite3"))
    assert backups and all(cipher.is_encrypted(b) for b in backups)
    assert all(opens_with(b, PASS) for b in [paths.database, *backups])
    assert not Path(f"{paths.database}-wal").exists() or not any(
        s.encode() in Path(f"{paths.database}-wal").read_bytes() for s in SECRETS
    )
    # the same diary: summaries equal before and after
    assert summary(capsys, paths, "--passphrase-file", pass_file(tmp_path, PASS)) == before
    # a diary opened, written and backed up while encrypted keeps its WAL encrypted too
    code, _, err = run(
        capsys, "log", "--side", "left", "--minutes", "20",
        "--passphrase-file", pass_file(tmp_path, PASS), "--data-dir", str(paths.data_dir),
    )  # fmt: skip
    assert code == 0, err
    for path, data in all_files(paths.data_dir).items():
        assert not any(s.encode() in data for s in SECRETS), path


def test_a_wrong_or_missing_passphrase_changes_no_byte(capsys, filled, tmp_path):
    paths = filled
    encrypt(capsys, paths, tmp_path)
    before = all_files(paths.data_dir)
    log = before.pop(paths.log_file)
    wrong = pass_file(tmp_path, "not it", "wrong.txt")
    d = str(paths.data_dir)
    for argv in (
        ["summary", "--passphrase-file", wrong],
        ["log", "--side", "left", "--passphrase-file", wrong],
        ["backup", "--passphrase-file", wrong],
        ["decrypt", "--passphrase-file", wrong],
        ["change-passphrase", "--passphrase-file", wrong, "--new-passphrase-file", wrong],
        ["export", str(tmp_path / "out.csv"), "--passphrase-file", wrong],
        ["summary"],
        ["decrypt"],
    ):
        code, out, err = run(capsys, *argv, "--data-dir", d)
        assert code == 2, (argv, out, err)
        assert err.count("\n") == 1 and err.startswith("headache-diary: error: "), err
        assert "Wrong passphrase" in err or "protected by a passphrase" in err
        after = all_files(paths.data_dir)
        after.pop(paths.log_file)
        assert after == before, argv
    assert not (tmp_path / "out.csv").exists()
    assert PASS.encode() not in log and b"not it" not in paths.log_file.read_bytes()


def test_the_passphrase_comes_from_the_file_then_the_environment_then_the_terminal(
    capsys, filled, tmp_path, monkeypatch
):
    paths = filled
    encrypt(capsys, paths, tmp_path)
    d = str(paths.data_dir)
    monkeypatch.setenv("HEADACHE_DIARY_PASSPHRASE", PASS)
    assert run(capsys, "summary", "--data-dir", d)[0] == 0
    # the file wins over the environment
    code, _, err = run(
        capsys, "summary", "--passphrase-file", pass_file(tmp_path, "nope"), "--data-dir", d
    )
    assert code == 2 and "Wrong passphrase" in err
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "typed"

    assert find_passphrase(None, {}, prompt=prompt) == "typed" and len(asked) == 1
    assert find_passphrase(None, {"HEADACHE_DIARY_PASSPHRASE": "env"}, prompt=prompt) == "env"
    # a new one is asked twice, says that it cannot be recovered, and must match
    asked.clear()
    assert find_passphrase(None, {}, new=True, prompt=prompt) == "typed"
    assert len(asked) == 2 and "cannot be recovered" in asked[0]
    answers = iter(["one", "two"])
    with pytest.raises(PassphraseError, match="differ"):
        find_passphrase(None, {}, new=True, prompt=lambda _t: next(answers))
    # not a terminal (a keyboard shortcut) and nothing else: none
    assert find_passphrase(None, {}) is None


def test_the_quick_log_from_a_shortcut_says_it_needs_the_passphrase(capsys, filled, tmp_path):
    paths = filled
    encrypt(capsys, paths, tmp_path)
    before = all_files(paths.data_dir)
    before.pop(paths.log_file)
    for argv in (["log", "--side", "left"], ["end"], ["checkin", "--headache-free"]):
        code, out, err = run(capsys, *argv, "--data-dir", str(paths.data_dir))
        assert code == 2 and out == ""
        assert "quick log needs it" in err and "--passphrase-file" in err
        assert "Nothing was saved" in err and err.count("\n") == 1
    after = all_files(paths.data_dir)
    after.pop(paths.log_file)
    assert after == before


def test_no_passphrase_option_on_the_command_line(capsys, filled, tmp_path):
    """A passphrase in argv would be visible to every user (ps): there is no such option;
    one typed there anyway (argparse takes ``--passphrase`` for ``--passphrase-file``) is
    a file that cannot be read, and is not printed."""
    encrypt(capsys, filled, tmp_path)
    code, out, err = run(
        capsys, "summary", "--passphrase", PASS, "--data-dir", str(filled.data_dir)
    )
    assert code == 2 and out == "" and "cannot be read" in err
    assert PASS not in err


def test_encrypt_refuses_an_empty_passphrase_and_a_protected_diary(capsys, filled, tmp_path):
    paths = filled
    before = all_files(paths.data_dir)
    code, _, err = run(
        capsys, "encrypt", "--passphrase-file", pass_file(tmp_path, ""),
        "--data-dir", str(paths.data_dir),
    )  # fmt: skip
    assert code == 2 and "empty passphrase" in err
    skip = (paths.log_file, paths.instance_lock)  # the log, the (empty) window lock file
    assert {p: b for p, b in all_files(paths.data_dir).items() if p not in skip} == {
        p: b for p, b in before.items() if p not in skip
    }
    encrypt(capsys, paths, tmp_path)
    code, _, err = run(
        capsys, "encrypt", "--passphrase-file", pass_file(tmp_path, OTHER),
        "--data-dir", str(paths.data_dir),
    )  # fmt: skip
    assert code == 1 and "already" in err
    assert opens_with(paths.database, PASS)


# --- change-passphrase, decrypt ----------------------------------------------------------------


def test_change_passphrase_rekeys_the_diary_and_its_backups(capsys, filled, tmp_path):
    paths = filled
    before = summary(capsys, paths)
    encrypt(capsys, paths, tmp_path)
    old_salt = cipher.file_salt(paths.database)
    code, out, err = run(
        capsys, "change-passphrase", "--passphrase-file", pass_file(tmp_path, PASS),
        "--new-passphrase-file", pass_file(tmp_path, OTHER, "new.txt"),
        "--data-dir", str(paths.data_dir),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "new passphrase" in out
    files = [paths.database, *paths.backups.glob("diary-*.sqlite3")]
    assert len(files) >= 3  # the diary, the manual and the daily backup
    for f in files:
        assert opens_with(f, OTHER) and not opens_with(f, PASS), f
    assert cipher.file_salt(paths.database) != old_salt
    assert summary(capsys, paths, "--passphrase-file", pass_file(tmp_path, OTHER)) == before


def test_decrypt_makes_everything_plain_again(capsys, filled, tmp_path):
    paths = filled
    before = summary(capsys, paths)
    encrypt(capsys, paths, tmp_path)
    code, out, err = run(
        capsys, "decrypt", "--passphrase-file", pass_file(tmp_path, PASS),
        "--data-dir", str(paths.data_dir),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "no longer protected" in out
    assert not paths.protected_marker.exists()
    for f in [paths.database, *paths.backups.glob("diary-*.sqlite3")]:
        assert not cipher.is_encrypted(f), f
    assert summary(capsys, paths) == before  # no passphrase needed any more


# --- backups, restore, upgrade -----------------------------------------------------------------


def test_backup_and_restore_work_encrypted(capsys, filled, tmp_path, make_episode):
    paths = filled
    encrypt(capsys, paths, tmp_path)
    key_file = pass_file(tmp_path, PASS)
    d = str(paths.data_dir)
    code, out, err = run(capsys, "backup", "--passphrase-file", key_file, "--data-dir", d)
    assert code == 0, err
    made = Path(out.strip().rsplit(" ", 1)[1])
    assert cipher.is_encrypted(made) and opens_with(made, PASS)
    code, _, err = run(
        capsys, "log", "--side", "both", "--minutes", "10",
        "--passphrase-file", key_file, "--data-dir", d,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(
        capsys, "restore", str(made), "--passphrase-file", key_file, "--data-dir", d
    )
    assert code == 0, err
    assert "restored 3 episodes" in out
    kept = next(paths.backups.glob("diary-*-before-restore.sqlite3"))
    assert cipher.is_encrypted(kept) and opens_with(kept, PASS)
    assert cipher.is_encrypted(paths.database) and opens_with(paths.database, PASS)
    # and a plain backup (from before the passphrase, copied in by hand) is restored
    # encrypted
    plain = tmp_path / "old-plain.sqlite3"
    cipher.export(made, derive_key(PASS, cipher.file_salt(made) or b""), plain, None)
    assert not cipher.is_encrypted(plain)
    code, out, err = run(
        capsys, "restore", str(plain), "--passphrase-file", key_file, "--data-dir", d
    )
    assert code == 0, err
    assert cipher.is_encrypted(paths.database) and opens_with(paths.database, PASS)


def _make_old_diary(paths: Paths, make_episode, revision: str) -> None:
    ensure_private_dir(paths.data_dir)
    engine = create_engine(f"sqlite:///{paths.database}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        with Session(engine) as s, s.begin():
            repository.insert_episodes(
                s,
                [
                    make_episode("2026-03-01 08:15", notes=SECRETS[0]),
                    make_episode("2026-03-09 10:00"),
                ],
            )
    finally:
        engine.dispose()


def test_an_older_encrypted_diary_is_upgraded_and_its_pre_upgrade_copy_is_encrypted(
    paths, make_episode
):
    _make_old_diary(paths, make_episode, "0006")
    from headache_diary.domain.keys import new_key
    from headache_diary.storage.protect import change_protection

    key = new_key(PASS)
    change_protection(paths, key)
    assert read_schema_version(paths.database, key) == "0006"
    fresh = Paths(paths.data_dir)  # a new process: the key from the passphrase
    with pytest.raises(PassphraseError):
        open_diary(fresh)
    protection.unlock(fresh, PASS)
    diary = open_diary(fresh)
    try:
        with diary.read_session() as s:
            assert len(list(repository.iter_episodes(s))) == 2
    finally:
        diary.close()
    assert read_schema_version(paths.database, fresh.keyring.key) == known_revisions()[0]
    copies = list(paths.upgrade_backups.glob("diary-*before-upgrade-from-0006*.sqlite3"))
    assert len(copies) == 1 and cipher.is_encrypted(copies[0]) and opens_with(copies[0], PASS)
    for path, data in all_files(paths.data_dir).items():
        assert SECRETS[0].encode() not in data, path


def test_a_damaged_encrypted_diary_is_called_damaged_and_set_aside_encrypted(
    capsys, filled, tmp_path
):
    paths = filled
    encrypt(capsys, paths, tmp_path)
    data = bytearray(paths.database.read_bytes())
    data[4096 * 3 + 100 : 4096 * 3 + 200] = bytes(100)  # a page in the middle
    paths.database.write_bytes(bytes(data))
    fresh = Paths(paths.data_dir)
    protection.unlock(fresh, PASS)  # page 1 is sound: the key is right
    with pytest.raises(DamagedDiaryError):
        open_diary(fresh)
    moved = move_aside(fresh)
    assert cipher.is_encrypted(moved[0]) and moved[0].read_bytes() == bytes(data)


def test_garbage_in_a_folder_never_protected_is_damaged_not_locked(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(os.urandom(4096 * 4))
    with pytest.raises(DamagedDiaryError, match="protected by a passphrase"):
        open_diary(paths)


# --- the key and the passphrase never leak -----------------------------------------------------


def test_the_key_never_shows_and_the_passphrase_is_in_no_traceback_or_log(
    capsys, filled, tmp_path, monkeypatch
):
    paths = filled
    encrypt(capsys, paths, tmp_path)
    fresh = Paths(paths.data_dir)
    protection.unlock(fresh, PASS)
    key = fresh.keyring.key
    assert isinstance(key, DiaryKey)
    secret_hex = key.sql()[2:66]
    for text in (repr(key), str(key), repr(fresh), repr(fresh.keyring)):
        assert secret_hex not in text and PASS not in text
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(key)

    # a crash while the diary is open: what the log and the crash message get
    def boom(*_a, **_k):
        raise RuntimeError("something broke")

    with monkeypatch.context() as m:
        m.setattr(cipher, "key_opens", boom)
        try:
            protection.unlock(Paths(paths.data_dir), PASS)
        except RuntimeError as exc:
            text = "".join(traceback.format_exception(exc))
    assert "something broke" in text
    assert PASS not in text and secret_hex not in text
    engine_text = ""
    diary = open_diary(fresh)
    try:
        engine_text = repr(diary.engine) + repr(diary.engine.url)
    finally:
        diary.close()
    assert secret_hex not in engine_text
    log = paths.log_file.read_bytes()
    assert PASS.encode() not in log and secret_hex.encode() not in log
    for path, data in all_files(paths.data_dir).items():
        assert PASS.encode() not in data and secret_hex.encode() not in data, path


def test_workers_use_the_encrypted_diary_at_once(capsys, filled, tmp_path, make_episode):
    """Each worker thread opens its own connection with the raw key: no derivation each."""
    paths = filled
    encrypt(capsys, paths, tmp_path)
    fresh = Paths(paths.data_dir)
    protection.unlock(fresh, PASS)
    diary = open_diary(fresh)
    counts: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with diary.read_session() as s:
                counts.append(len(list(repository.iter_episodes(s))))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    try:
        with diary.session() as s:
            repository.insert_episodes(s, [make_episode("2026-03-20 07:00")])
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        diary.close()
    assert errors == [] and counts == [4, 4, 4, 4]


def test_the_key_is_sqlciphers_own_derivation(tmp_path):
    salt = bytes(range(16))
    key = derive_key(PASS, salt)
    assert key.salt == salt
    expected = hashlib.pbkdf2_hmac("sha512", PASS.encode(), salt, 256_000, 32)
    assert key.sql() == f"x'{expected.hex()}{salt.hex()}'"


def test_a_protected_backup_is_restored_on_a_new_computer(capsys, filled, tmp_path):
    """Moving the diary (docs/data-safety.md): one backup file, restored elsewhere with the
    passphrase; the new diary is protected too and is asked for it from then on."""
    paths = filled
    encrypt(capsys, paths, tmp_path)
    key_file = pass_file(tmp_path, PASS)
    code, out, err = run(
        capsys, "backup", "--passphrase-file", key_file, "--data-dir", str(paths.data_dir)
    )
    assert code == 0, err
    made = out.strip().rsplit(" ", 1)[1]
    elsewhere = tmp_path / "new-computer"
    code, _, err = run(capsys, "restore", made, "--data-dir", str(elsewhere))
    assert code == 2 and "protected by a passphrase" in err
    assert not (elsewhere / "diary.sqlite3").exists()
    code, out, err = run(
        capsys, "restore", made, "--passphrase-file", key_file, "--data-dir", str(elsewhere)
    )
    assert code == 0, err
    moved = Paths(elsewhere)
    assert cipher.is_encrypted(moved.database) and protection.is_protected(moved)
    assert run(capsys, "summary", "--data-dir", str(elsewhere))[0] == 2
    code, _, err = run(
        capsys, "summary", "--passphrase-file", key_file, "--data-dir", str(elsewhere)
    )
    assert code == 0, err


CHILD = """
import sys
from datetime import datetime, timezone
from headache_diary.app import open_context
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import DiaryError
from headache_diary.services import episodes
ctx = open_context(sys.argv[1])
with ctx.diary.read_session() as s:  # a pooled connection to the file as it is now
    pass
print("ready", flush=True)
sys.stdin.readline()
start = datetime(2026, 3, 20, 7, 0, tzinfo=timezone.utc)
ep = Episode(started_at=start, ended_at=None, side="left", time_zone="UTC", notes="in flight")
try:
    saved = episodes.save_episode(ctx, ep.normalized())
    print("saved", saved.id, flush=True)
except DiaryError as exc:
    print("failed", exc, flush=True)
"""


def test_a_command_waiting_for_the_lock_during_encrypt_never_saves_into_the_old_file(
    filled, tmp_path, monkeypatch
):
    """A quick log that opened the plain diary before the swap and waits for its write
    lock must not report a save that went into the replaced file: it fails, or its episode
    is in the encrypted diary."""
    import subprocess
    import sys
    import time

    from headache_diary.domain.keys import new_key
    from headache_diary.storage import protect

    paths = filled
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        real_check = protect._check_copy

        def check_while_the_child_waits(*args, **kwargs):
            child.stdin.write("go\n")
            child.stdin.flush()
            time.sleep(1.0)  # the child is now waiting for the write lock we hold
            return real_check(*args, **kwargs)

        monkeypatch.setattr(protect, "_check_copy", check_while_the_child_waits)
        key = new_key(PASS)
        protect.change_protection(paths, key)
        said = child.stdout.readline().strip()
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)  # closes its pipes
    assert said.startswith(("saved", "failed")), said
    if said.startswith("saved"):
        opened = Paths(paths.data_dir)
        protection.unlock(opened, PASS)
        diary = open_diary(opened, daily_backup=False)
        try:
            with diary.read_session() as s:
                ids = {e.id for e in repository.iter_episodes(s)}
        finally:
            diary.close()
        assert said.split()[1] in ids, f"a save reported that is not in the diary: {said}"


def test_a_marker_left_beside_a_plain_diary_is_removed_at_open(paths, make_episode):
    """An encrypt killed between writing the marker and the swap leaves a plain diary and
    the marker: the next open removes it, so a damaged file is not taken for a protected
    one later."""
    fill(paths, make_episode)
    cipher.set_marker(paths, True)
    open_diary(paths).close()
    assert not paths.protected_marker.exists()
    paths.database.write_bytes(os.urandom(4096 * 8))
    with pytest.raises(DamagedDiaryError):
        open_diary(paths)
