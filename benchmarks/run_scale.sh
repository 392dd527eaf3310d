#!/bin/sh
# Issue 16's scale run: make the 50,000-release / 1,000,000-span database (and a
# 10,000-release one for the export's memory check) if missing, then run every scale
# benchmark on it, one after another. Prints everything; the lines starting with
# "RATIO" and "machine:" are what README's performance table lists.
#   benchmarks/run_scale.sh [OUT_DIR]   (default benchmarks/.data, ignored by git)
set -e
cd "$(dirname "$0")/.."
PY=.venv/bin/python
D=${1:-benchmarks/.data}
export QT_QPA_PLATFORM=offscreen
[ -f "$D/big.db" ] || $PY benchmarks/make_big_corpus.py --out "$D/big.db"
[ -f "$D/big10k.db" ] || $PY benchmarks/make_big_corpus.py --out "$D/big10k.db" --releases 10000 --spans 200000
uptime
for b in bench_search bench_timeline bench_sort bench_open_release; do
  echo "== $b"; $PY benchmarks/$b.py --db "$D/big.db"
done
echo "== bench_export"; $PY benchmarks/bench_export.py --db "$D/big.db" --compare "$D/big10k.db"
echo "== bench_cold_start"; $PY benchmarks/bench_cold_start.py --db "$D/big.db" --rounds 5
echo "== bench_import"; $PY benchmarks/bench_import.py --releases 50000
uptime
