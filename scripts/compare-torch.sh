#!/usr/bin/env bash
# compare-torch.sh - training throughput of ladder's fast engine against the same GPT in PyTorch.
#
# The PyTorch side is scripts/torch_gpt.py (same model, optimizer and step; fp32, CPU), run with Debian's
# python3-torch. Both sides train batch 32 x context 128, vocab 96.
#
# Usage (from anywhere; it works in the repository root):
#   scripts/compare-torch.sh [--rounds 3] [--shapes 64/2/2,128/4/4,256/4/4,384/6/6] [--steps 10] [--warmup 3]
#                            [--threads auto|N] [--out runs/compare-torch.jsonl]
#
#   1. Installs python3-torch and OpenBLAS when missing (as root; otherwise prints the command and exits 2).
#      Debian's torch uses the system libblas.so.3, and without OpenBLAS that is the reference BLAS (~4 GFLOP/s).
#   2. --threads auto (default): a short run of each side at 1 and 2 threads per shape picks each side's faster
#      count; the choice is printed. On a shared 2-core machine the answer depends on the other load, so measure.
#   3. For each round and shape it runs `ladder bench --engine fast` and torch_gpt.py back to back, alternating
#      which goes first, and appends every result (the picks too) to --out as JSON lines. Every run, the picks
#      too, first takes --warmup untimed steps. The fast engine's Vector API kernels are compiled by the JIT in its
#      first seconds, so at the small shapes 3 steps understate the steady speed a training run sees: use 30 there.
#   4. Prints per shape the median tokens/s of each side over the rounds and the median of the per-round ratios
#      ladder/PyTorch (>1: ladder is faster), the median of all per-round ratios, and the environment.
#
# Environment: LADDER_CMD, the ladder command (default ./ladder; e.g. a stub for testing the script).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=3
shapes=64/2/2,128/4/4,256/4/4,384/6/6
steps=10
warmup=3
threads=auto
out=runs/compare-torch.jsonl
pick_steps=3
py=/usr/bin/python3  # Debian's python: python3-torch lives in its dist-packages, a pyenv python3 can't see it
read -r -a ladder <<< "${LADDER_CMD:-./ladder}"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "$1"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --shapes) shapes="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "compare-torch.sh: unknown argument '$1'" >&2; usage 2 >&2 ;;
    esac
done
IFS=, read -r -a shape_list <<< "$shapes"

# --- PyTorch and a real BLAS ------------------------------------------------------------------------------------
blas_is_reference() {
    [[ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null)" == */blas/libblas.so.3* ]]
}
packages=()
[ -x "$py" ] && "$py" -c 'import torch' 2>/dev/null || packages+=(python3-torch)
{ [ ${#packages[@]} -gt 0 ] || blas_is_reference; } && packages+=(libopenblas0-openmp)
if [ ${#packages[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "compare-torch.sh: needs ${packages[*]}; install them as root with:" >&2
        echo "    apt-get update && apt-get install -y ${packages[*]}" >&2
        exit 2
    fi
    echo "installing ${packages[*]}..." >&2
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >&2
fi

# --- running one side -------------------------------------------------------------------------------------------
# run SIDE SHAPE THREADS STEPS PHASE ROUND: runs one benchmark, appends its result to $out, prints its tokens/s.
run() {
    local side=$1 shape=$2 t=$3 n=$4 phase=$5 round=$6 json
    if [ "$side" = ladder ]; then
        json=$("${ladder[@]}" bench --shapes "$shape" --engine fast --threads "$t" --steps "$n" \
            --warmup "$warmup" --json)
    else
        json=$(OMP_NUM_THREADS="$t" "$py" scripts/torch_gpt.py --shape "$shape" --threads "$t" --steps "$n" \
            --warmup "$warmup" --json)
    fi
    "$py" -c '
import json, sys
try:
    r = json.loads(sys.argv[1])
    r = r[0] if isinstance(r, list) else r
    float(r["tokensPerSecond"])
except Exception as e:
    sys.exit(f"compare-torch.sh: unreadable {sys.argv[2]} result ({e!r}):\n{sys.argv[1]}")
r.update(side=sys.argv[2], phase=sys.argv[3], round=int(sys.argv[4]))
with open(sys.argv[5], "a") as f:
    f.write(json.dumps(r) + "\n")
print(round(float(r["tokensPerSecond"])))' "$json" "$side" "$phase" "$round" "$out"
}

mkdir -p "$(dirname "$out")"
: > "$out"
declare -A pick  # pick[side/shape] = thread count
for shape in "${shape_list[@]}"; do
    for side in ladder pytorch; do
        if [ "$threads" != auto ]; then pick[$side/$shape]=$threads; continue; fi
        best=0
        for t in 1 2; do
            tps=$(run "$side" "$shape" "$t" "$pick_steps" pick 0)
            echo "pick: $shape $side $t thread(s): $tps tokens/s" >&2
            if [ "$tps" -gt "$best" ]; then best=$tps; pick[$side/$shape]=$t; fi
        done
        echo "chose: $shape $side ${pick[$side/$shape]} thread(s)"
    done
done

for round in $(seq 1 "$rounds"); do
    for shape in "${shape_list[@]}"; do
        order=(ladder pytorch)
        [ $((round % 2)) -eq 0 ] && order=(pytorch ladder)
        for side in "${order[@]}"; do
            tps=$(run "$side" "$shape" "${pick[$side/$shape]}" "$steps" main "$round")
            echo "round $round: $shape $side ${pick[$side/$shape]} thread(s): $tps tokens/s" >&2
        done
    done
done

# --- summary ----------------------------------------------------------------------------------------------------
"$py" - "$out" "$shapes" <<'EOF'
import json, statistics, subprocess, sys, torch
from collections import defaultdict

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
tps = defaultdict(dict)  # (shape, side) -> {round: tokens/s}
threads = {}
for r in rows:
    if r["phase"] == "main":
        tps[r["shape"], r["side"]][r["round"]] = float(r["tokensPerSecond"])
        threads[r["shape"], r["side"]] = r["threads"]

def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip() or "?"

print(f"\n{'shape':<10} {'ladder tok/s':>13} {'thr':>4} {'PyTorch tok/s':>14} {'thr':>4} {'ladder/PyTorch':>15}")
all_ratios = []
for shape in sys.argv[2].split(","):
    lad, pt = tps[shape, "ladder"], tps[shape, "pytorch"]
    ratios = [lad[r] / pt[r] for r in sorted(lad) if r in pt and pt[r] > 0]
    all_ratios += ratios
    print(f"{shape:<10} {statistics.median(lad.values()):>13,.0f} {threads[shape, 'ladder']:>4} "
          f"{statistics.median(pt.values()):>14,.0f} {threads[shape, 'pytorch']:>4} "
          f"{statistics.median(ratios):>15.2f}")
print(f"median of all {len(all_ratios)} per-round ratios ladder/PyTorch: {statistics.median(all_ratios):.2f}")
print(f"\ntorch {torch.__version__}, BLAS {sh('readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3')}")
cpu = sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p'")
print(f"CPU {cpu} x {sh('nproc')}, ladder {sh('git rev-parse --short HEAD')}, {sh('date -Is')}")
print(f"raw results: {sys.argv[1]}")
EOF
