#!/usr/bin/env bash
# bash benches/hostile.sh — peak memory and time of a hostile class next to a normal one
# (issue 17): the same N candidates (benches/gen_class.py), then the same plus one
# candidate per kind of hostile input (benches/gen_hostile.py), built with `class
# --jobs 2`. Writes benches/RESULTS-budgets.md.
#
#   N=10          normal candidates
#   CONVERTER=1   also the converter's cases (5000 footnote references, 100 000 rows)
#   BENCH_DIR     scratch folder (default /tmp/sio-dossier-hostile)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10}
W=${BENCH_DIR:-/tmp/sio-dossier-hostile}
T=${CARGO_TARGET_DIR:-target}
[ -x /usr/bin/time ] || { echo "/usr/bin/time manquant : apt-get install -y time" >&2; exit 1; }
cargo build --quiet --bin sio-dossier
BIN=$(realpath "$T/debug/sio-dossier")

rm -rf "$W"; mkdir -p "$W"
python3 benches/gen_class.py "$N" "$W/normal" >/dev/null
cp -a "$W/normal" "$W/hostile"
python3 benches/gen_hostile.py "$W/hostile" ${CONVERTER:+--converter}

measure() { # name class
  local rc=0
  /usr/bin/time -f '%e %M' -o "$W/$1.time" "$BIN" class "$2" -o "$W/$1-out" -q --jobs 2 \
    >"$W/$1.log" 2>&1 || rc=$?
  read -r secs kb < <(tail -n 1 "$W/$1.time")
  local cands zips report
  cands=$(find "$2" -mindepth 2 -maxdepth 2 -name candidat.yaml | wc -l)
  zips=$(find "$W/$1-out" -maxdepth 1 -name '*.zip' | wc -l)
  report=$([ -f "$W/$1-out/rapport-classe.pdf" ] && echo oui || echo NON)
  echo "| $1 | $cands | $zips | $report | $rc | $secs | $((kb / 1024)) |"
}

{
  echo "# Budgets : classe hostile et classe normale"
  echo
  echo "$(date -u '+%F %H:%M') UTC — $(nproc) cœurs — \`sio-dossier class --jobs 2\`, $N candidats normaux"
  echo "(benches/gen_class.py), puis les mêmes et un candidat par cas hostile (benches/gen_hostile.py${CONVERTER:+ --converter})."
  echo
  echo "| classe | candidats | paquets | rapport | code de sortie | temps (s) | RSS max (Mo) |"
  echo "|---|---:|---:|---|---:|---:|---:|"
  measure normale "$W/normal"
  measure hostile "$W/hostile"
} | tee benches/RESULTS-budgets.md
