#!/bin/bash
# The figures of docs/performance.md for a repository too large for bench/run.mjs's
# ajv-cli comparison (e.g. the 20,000-case demo): repeat audit (x3), case show, history,
# a write (then undone), cold and repeat validate, and the first audit in a fresh clone.
# Each line: wall, CPU and peak memory (/usr/bin/time), and the load average.
#
#   bench/measure-repo.sh .bench/repo-20000-day 20k
#
# The write is undone with `git reset --hard` and `git clean -fd -- cases`, which also
# removes the demo's deliberately uncommitted records.
set -u
R=$(cd "$1" && pwd); L=$2; B=$(cd "$(dirname "$0")/.." && pwd)/bin/ehcp.js; AS=2026-11-16
t() { local name=$1; shift; /usr/bin/time -f "$L | $name | %e s wall | %U s user | %S s sys | %M KB peak | exit %x | load $(cut -d' ' -f1-3 /proc/loadavg)" "$@" > /dev/null 2>>"/tmp/measure.$L.err"; tail -1 "/tmp/measure.$L.err"; }
cd "$R"
# Case references from the case files, in either layout (cases/<REF>/ or cases/<xx>/<REF>/).
refs() { git ls-files -- 'cases/*case.yaml' | awk -F/ '{print $(NF-1)}' | sort; }
REF=$(refs | sed -n 100p)
for i in 1 2 3; do t "repeat audit $i" node "$B" audit --as-of $AS --format json; done
t "case show" node "$B" case show "$REF"
t "history case" node "$B" history "$REF"
H=$(git rev-parse HEAD)
t "write minutes new" node "$B" minutes new --case "$(refs | head -1)" --kind case-discussion --date $AS --no-input
git reset -q --hard "$H"; git clean -q -fd -- cases
rm -rf .ehcp/cache/documents.bin .ehcp/cache/scanned
t "cold validate" node "$B" validate
t "repeat validate" node "$B" validate
C=$(mktemp -d /tmp/ehcp-fresh-XXXXXX); rmdir "$C"
t "git clone" git clone -q --no-hardlinks "$R" "$C"
cd "$C"
t "first audit (fresh clone)" node "$B" audit --as-of $AS --format json
t "repeat audit in clone" node "$B" audit --as-of $AS --format json
cd /tmp; rm -rf "$C"
