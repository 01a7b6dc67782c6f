#!/usr/bin/env bash
# `frontdesk import claims` beside sqlite3's own `.import` of the same CSV (DESIGN "Speed and
# scale": at most 2x). The file is the large demo's claims, exported unmasked: real columns,
# real IDs. sqlite3 imports it twice: into a bare table (claim_no unique) and into an
# equivalent one (the same indexes frontdesk's claims table has on those columns). frontdesk
# imports it into a new database, which also creates each worker and one event per claim.
# Usage: benches/import_ratio.sh [ROWS]   (default 1000000; needs sqlite3 and /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
cargo build --release -q
bin=$PWD/target/release/frontdesk
data=${BENCH_DATA:-$PWD/target/bench-data}
mkdir -p "$data"
export FRONTDESK_LOGIN=9001 FRONTDESK_PIN=208461
[ -f "$data/large.db" ] || "$bin" --db "$data/large.db" demo --scale large --no-tui >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# head stops reading early: the export's broken pipe is expected.
("$bin" --db "$data/large.db" export claims --unmasked 2>/dev/null || true) | head -n $((rows + 1)) > "$dir/claims.csv"
cols="claim_no TEXT NOT NULL UNIQUE, id_number TEXT, name TEXT, kind TEXT, filed_on TEXT, amount_claimed TEXT,
      amount_approved TEXT, status TEXT, note TEXT, amount_paid TEXT, paid_on TEXT, papers_complete_on TEXT,
      missing_papers TEXT, reason TEXT"
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
bare=$(secs sqlite3 "$dir/bare.db" "CREATE TABLE claims ($cols);" ".import --csv --skip 1 $dir/claims.csv claims")
equal=$(secs sqlite3 "$dir/equal.db" "CREATE TABLE claims ($cols);
  CREATE INDEX claims_worker ON claims (id_number, filed_on);
  CREATE INDEX claims_open ON claims (papers_complete_on) WHERE status NOT IN ('paid', 'rejected');" \
  ".import --csv --skip 1 $dir/claims.csv claims")
"$bin" --db "$dir/fd.db" init >/dev/null 2>&1
printf '602814\n' | "$bin" --db "$dir/fd.db" clerk add --login 9001 --name 周主任 --role supervisor >/dev/null 2>&1
export FRONTDESK_PIN=602814
ours=$(secs /usr/bin/time -v -o "$dir/time.txt" "$bin" --db "$dir/fd.db" import claims "$dir/claims.csv")
peak=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$dir/time.txt")
printf 'rows %d\nsqlite3 .import, bare table:       %6.2f s\nsqlite3 .import, equivalent table: %6.2f s\n' "$rows" "$bare" "$equal"
printf 'frontdesk import claims:           %6.2f s  (peak %s MiB)\n' "$ours" "$peak"
printf 'ratio: %.2fx the bare table, %.2fx the equivalent table\n' "$(echo "$ours / $bare" | bc -l)" "$(echo "$ours / $equal" | bc -l)"
