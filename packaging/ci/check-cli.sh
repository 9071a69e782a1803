#!/usr/bin/env bash
# Drive an installed or bundled headache-diary from the command line on a temporary diary:
#   bash packaging/ci/check-cli.sh PATH/TO/headache-diary
# --version, import, summary (also in German and Spanish), export, report and encrypt/decrypt,
# each checked by its output, from a folder outside the checkout (so that nothing is found
# there by accident).
set -euo pipefail
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
data=$tmp/data
run() {
  printf '$ headache-diary %s\n' "$*" >&2
  "$bin" --data-dir "$data" "$@"
}
fail() {
  printf 'check-cli FAILED: %s\n' "$*" >&2
  exit 1
}

out=$("$bin" --version)
echo "$out"
[[ $out =~ ^headache-diary\ [0-9] ]] || fail "--version printed '$out'"

cat >in.csv <<'CSV'
started_at,ended_at,time_zone,side,intensity,triggers
2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,Europe/Berlin,left,6,neck_movement
2026-03-02T18:00:00+01:00,2026-03-02T19:30:00+01:00,Europe/Berlin,left,4,sustained_posture
2026-03-04T07:00:00+01:00,2026-03-04T09:00:00+01:00,Europe/Berlin,right,5,
CSV
out=$(run import in.csv)
echo "$out"
[ "$out" = "Added 3 episodes; skipped 0 already in the diary." ] || fail "import printed '$out'"

out=$(run summary --from 2026-03-01 --to 2026-03-31 --json)
grep -q '"episodes": 3,' <<<"$out" || fail "summary --json: $out"
grep -q '"left": 2,' <<<"$out" || fail "summary --json: $out"
out=$(run summary --from 2026-03-01 --to 2026-03-31)
grep -q '^3 episodes from 1 Mar 2026' <<<"$out" || fail "summary: $out"
head -n 5 <<<"$out"
# the bundle carries the German and Spanish catalogs and locale facts
out=$(run summary --from 2026-03-01 --to 2026-03-31 --language de)
grep -q '^3 Episoden vom 1. März 2026' <<<"$out" || fail "summary in German: $out"
out=$(run summary --from 2026-03-01 --to 2026-03-31 --language es)
grep -q '^3 episodios del 1 mar 2026' <<<"$out" || fail "summary in Spanish: $out"

run export out.csv >/dev/null
[ "$(wc -l <out.csv)" -eq 4 ] || fail "export wrote $(wc -l <out.csv) lines"

run report summary.pdf --from 2026-03-01 --to 2026-03-31
[ "$(head -c 5 summary.pdf)" = '%PDF-' ] || fail "report did not write a PDF"
if command -v pdftotext >/dev/null 2>&1; then
  text=$(pdftotext summary.pdf -)
  grep -q 'Self-reported patient diary, not a diagnosis' <<<"$text" || fail "PDF text: $text"
  run report summary-de.pdf --from 2026-03-01 --to 2026-03-31 --language de >/dev/null
  text=$(pdftotext summary-de.pdf -)
  grep -q 'Selbst geführtes Patiententagebuch, keine Diagnose' <<<"$text" || fail "German PDF: $text"
fi
[ -f "$data/diary.sqlite3" ] || fail "no diary in $data"

# the passphrase (SQLCipher, bundled in the sqlcipher3 wheel): encrypt, no passphrase
# (exit 2), the summary with it, decrypt
printf 'check-cli passphrase\n' >pass.txt
run encrypt --passphrase-file pass.txt
[ "$(head -c 15 "$data/diary.sqlite3")" != 'SQLite format 3' ] || fail "encrypt left the diary plain"
status=0
run summary --json >/dev/null 2>err.txt || status=$?
[ "$status" -eq 2 ] || fail "summary without the passphrase exited $status: $(cat err.txt)"
out=$(HEADACHE_DIARY_PASSPHRASE='check-cli passphrase' run summary --from 2026-03-01 --to 2026-03-31 --json)
grep -q '"episodes": 3,' <<<"$out" || fail "summary --json of the encrypted diary: $out"
run decrypt --passphrase-file pass.txt
[ "$(head -c 15 "$data/diary.sqlite3")" = 'SQLite format 3' ] || fail "decrypt left the diary encrypted"
echo "check-cli: $bin passed"
