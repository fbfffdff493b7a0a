#!/usr/bin/env bash
# make bench — times sio-dossier against the pipelines a user would otherwise run, in one
# run, on the same Markdown files, and checks the targets of
# ../shared/spec/reference-numbers.md. Writes benches/RESULTS.md.
#
#   N=35        candidates in the class corpus (benches/gen_class.py)
#   SCALE=1000  candidates of the scaling run (0: skip it)
#   RUNS=3      runs per scenario, in rotation (min and median reported)
#   PEERS_DIR   where ../shared/bench/install-peers.sh put pandoc, typst, mdxport
#               (default ~/.cache/sio-dossier/peers); peers are skipped when absent.
#   BENCH_DIR   scratch folder (default /tmp/sio-dossier-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-35}
SCALE=${SCALE:-1000}
RUNS=${RUNS:-3}
PEERS_DIR=${PEERS_DIR:-$HOME/.cache/sio-dossier/peers}
W=${BENCH_DIR:-/tmp/sio-dossier-bench}
T=${CARGO_TARGET_DIR:-target}

[ -x /usr/bin/time ] || { echo "/usr/bin/time manquant : apt-get install -y time" >&2; exit 1; }
cargo build --quiet --bin sio-dossier --example typst_only
BIN=$(realpath "$T/debug/sio-dossier")
TYPST_ONLY=$(realpath "$T/debug/examples/typst_only")

rm -rf "$W"; mkdir -p "$W/results"
R=$W/results
python3 benches/gen_class.py "$N" "$W/class" >/dev/null
find "$W/class" -name '*.md' | sort > "$W/files.txt"
NF=$(wc -l < "$W/files.txt")

# scenario NAME PREPARE COMMAND registers a scenario (both are bash snippets, saved as
# scripts). run_scenarios then runs them in rotation, RUNS times: run 1 of every scenario,
# then run 2 of every scenario… On a shared machine the load comes and goes over minutes;
# in rotation every scenario sees the same phases, so the ratios between scenarios hold
# even when the seconds move. One more run of each under GNU time gives the peak RSS of
# the largest process. Rotation order matters: each scenario leaves $OUT as the next one
# expects it (cold builds it, warm finds it unchanged, one_changed edits one page).
NAMES=()
scenario() {
  mkdir -p "$W/cmd"
  printf '%s\n' "$2" > "$W/cmd/$1.prepare.sh"
  printf 'set -e\n%s\n' "$3" > "$W/cmd/$1.sh"
  NAMES+=("$1")
}
run_scenarios() {
  local r name start end
  for r in $(seq 1 "$RUNS"); do
    for name in "${NAMES[@]}"; do
      [ -e "$R/$name.failed" ] && continue
      bash "$W/cmd/$name.prepare.sh" >/dev/null 2>&1 || true
      start=$(date +%s%N)
      if bash "$W/cmd/$name.sh" >"$R/$name.log" 2>&1; then
        end=$(date +%s%N)
        echo "$start $end" | awk '{printf "%.4f\n", ($2 - $1) / 1e9}' >> "$R/$name.times"
      else
        echo "!! $name a échoué ($R/$name.log)"; tail -3 "$R/$name.log"
        touch "$R/$name.failed"; rm -f "$R/$name.times"
      fi
    done
    echo "  tour $r/$RUNS : fait"
  done
  for name in "${NAMES[@]}"; do
    [ -e "$R/$name.failed" ] && continue
    bash "$W/cmd/$name.prepare.sh" >/dev/null 2>&1 || true
    /usr/bin/time -f '%M' -o "$R/$name.rss" bash "$W/cmd/$name.sh" >/dev/null 2>&1 || true
  done
}

echo "# make bench : N=$N candidats, $NF pages Markdown, $(nproc) cœurs, $(date -u +%FT%TZ)"
OUT=$W/out
# One student saves a page: a different byte each time, so that the candidate is rebuilt.
ONE=$W/class/candidat-0001/missions/mission-01.md
scenario cold "rm -rf $OUT" "$BIN class $W/class -o $OUT -q"
scenario cold_jobs1 "rm -rf $OUT" "$BIN class $W/class -o $OUT -q --jobs 1"
scenario warm "true" "$BIN class $W/class -o $OUT -q"
scenario one_changed "echo \"Modifié le \$(date +%s%N).\" >> $ONE" "$BIN class $W/class -o $OUT -q"
# The floor: the same generated .typ sources (written by the runs above), compiled by
# Typst alone in-process.
scenario typst_only "true" "$TYPST_ONLY $W/class $OUT"
scenario typst_only_jobs1 "true" "$TYPST_ONLY $W/class $OUT 1"

# Peers, on the same Markdown files, when installed.
PANDOC=$PEERS_DIR/bin/pandoc; TYPST=$PEERS_DIR/typst-cli/bin/typst; MDXPORT=$PEERS_DIR/bin/mdxport
P=$W/peers; export PANDOC TYPST MDXPORT P W
if [ -x "$PANDOC" ] && [ -x "$TYPST" ]; then
  scenario pandoc_typst "rm -rf $P; mkdir -p $P" \
    "xargs -a $W/files.txt -P2 -I{} sh -c 'o=$P/\$(echo {} | md5sum | cut -c1-12); $PANDOC -f markdown -s -V lang=fr -V papersize=a4 -o \$o.typ {} && $TYPST compile \$o.typ \$o.pdf'"
else
  echo "  pandoc → typst CLI : non installés (../shared/bench/install-peers.sh --typst-cli)"
fi
if [ -x "$MDXPORT" ]; then
  scenario mdxport_per_candidate "rm -rf $P; mkdir -p $P" \
    "ls -d $W/class/*/ | xargs -P2 -I{} sh -c 'd=\${1%/}; $MDXPORT --quiet \$d/epreuves/*.md \$d/missions/*.md -o $P/\$(basename \$d)/' _ {}"
else
  echo "  mdxport : non installé (../shared/bench/install-peers.sh)"
fi
run_scenarios
grep -q "Modifié le" "$ONE" || { echo "!! la modification de $ONE n'a pas eu lieu" >&2; exit 1; }
PAGES=$("$TYPST_ONLY" "$W/class" "$OUT" | sed -n 's/.*pages=\([0-9]*\).*/\1/p')

# Scaling: a large class, cold, once (memory must stay flat, time linear).
if [ "$SCALE" -gt 0 ]; then
  python3 benches/gen_class.py "$SCALE" "$W/scale" >/dev/null
  /usr/bin/time -f '%e %M' -o "$R/scale.time" "$BIN" class "$W/scale" -o "$W/scale-out" -q || true
  rm -rf "$W/scale" "$W/scale-out"
  echo "  scale ($SCALE candidats) : fait"
fi

python3 - "$R" "$N" "$NF" "$PAGES" "$SCALE" "$(nproc)" <<'PY'
import json, os, sys, datetime, platform
R, n, nf, pages, scale, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4] or 0), int(sys.argv[5]), sys.argv[6]
def res(name):
    try:
        times = sorted(float(t) for t in open(os.path.join(R, name + ".times")).read().split())
    except (OSError, ValueError):
        return None
    if not times:
        return None
    rss = None
    try:
        rss = int(open(os.path.join(R, name + ".rss")).read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return {"min": times[0], "median": times[len(times) // 2], "rss": rss}
rows = [
    ("cold", "sio-dossier class, à froid (PDF, xlsx, zips, rapport)"),
    ("cold_jobs1", "sio-dossier class, à froid, --jobs 1"),
    ("warm", "sio-dossier class, rien n'a changé"),
    ("one_changed", "sio-dossier class, un candidat modifié"),
    ("typst_only", "Typst seul (mêmes .typ, en mémoire)"),
    ("typst_only_jobs1", "Typst seul, 1 cœur"),
    ("pandoc_typst", "pandoc → typst CLI, par fichier (Makefile classique)"),
    ("mdxport_per_candidate", "mdxport, un processus par candidat"),
]
data = {k: res(k) for k, _ in rows}
cold = data["cold"]
lines = [f"| scénario | médiane (s) | min (s) | pages Markdown/s | ms par page Markdown | RSS max (Mo) | rapport à sio-dossier à froid |",
         "|---|---:|---:|---:|---:|---:|---:|"]
for key, label in rows:
    d = data[key]
    if not d:
        lines.append(f"| {label} | — | — | — | — | — | non mesuré |")
        continue
    ratio = f"{d['median'] / cold['median']:.2f}×" if cold else "—"
    rss = f"{d['rss']:.0f}" if d["rss"] else "—"
    lines.append(f"| {label} | {d['median']:.3f} | {d['min']:.3f} | {nf / d['median']:.0f} | {1000 * d['median'] / nf:.1f} | {rss} | {ratio} |")
checks = []
def check(label, ok, value):
    checks.append(f"| {label} | {value} | {'atteint' if ok else 'NON atteint'} |")
if cold:
    if data["pandoc_typst"]:
        r = data["pandoc_typst"]["median"] / cold["median"]
        check("à froid ≥ 6× plus rapide que pandoc → typst CLI", r >= 6, f"{r:.1f}×")
    if data["mdxport_per_candidate"]:
        r = cold["median"] / data["mdxport_per_candidate"]["median"]
        check("à froid ≤ 1,0× mdxport par candidat", r <= 1.0, f"{r:.2f}×")
    if data["typst_only"]:
        r = cold["median"] / data["typst_only"]["median"]
        check("à froid ≤ 1,2× Typst seul", r <= 1.2, f"{r:.2f}×")
    if data["cold_jobs1"]:
        r = data["cold_jobs1"]["median"] / cold["median"]
        check("accélération de 1 à 2 cœurs ≥ 1,7×", r >= 1.7, f"{r:.2f}×")
if data["warm"]:
    check("relance sans changement ≤ 0,3 s", data["warm"]["median"] <= 0.3, f"{data['warm']['median']:.3f} s")
if data["one_changed"]:
    check("relance, un candidat modifié ≤ 1 s", data["one_changed"]["median"] <= 1.0, f"{data['one_changed']['median']:.3f} s")
try:
    wall, rss = open(os.path.join(R, "scale.time")).read().split()[-2:]
    wall, rss = float(wall), int(rss) / 1024
    check(f"{scale} candidats : RSS max ≤ 500 Mo", rss <= 500, f"{rss:.0f} Mo")
    if cold:
        per = (wall / scale) / (cold["median"] / n)
        check(f"{scale} candidats : temps par candidat ≤ 1,2× celui de {n}", per <= 1.2, f"{per:.2f}× ({wall:.1f} s)")
except (OSError, ValueError):
    pass
cpu = ""
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except (OSError, StopIteration):
    pass
head = [f"# Résultats de `make bench`", "",
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC — {platform.machine()}, {cores} cœurs ({cpu}) — "
        f"classe de {n} candidats : {nf} pages Markdown, {pages} pages PDF dans les dossiers (hors livrables découpés).", "",
        "Temps mesurés dans le même lancement, les scénarios exécutés à tour de rôle (chacun voit les mêmes phases de charge de la machine). Les écarts d'un lancement à l'autre sont de ±20 % sur cette machine : comparer les rapports.", ""]
text = "\n".join(head + lines + ["", "| objectif (../shared/spec/reference-numbers.md) | mesuré | |", "|---|---:|---|"] + checks) + "\n"
print(text)
open("benches/RESULTS.md", "w").write(text)
PY
