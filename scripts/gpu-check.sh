#!/usr/bin/env bash
# gpu-check.sh: checks a GPU box end to end in one go (about 10 minutes) and writes everything into one folder,
# runs/gpu-check-<date>/: it builds the CUDA jar, runs `ladder doctor --device CUDA`, benchmarks six shapes on CUDA,
# trains configs/tiny-ladder.json on CUDA and on CPU, and compares their final validation losses.
#
# Usage: scripts/gpu-check.sh            (from anywhere; needs a JDK 17+ and an NVIDIA driver, nothing else)
# Exit codes: 0 every step passed; 1 a step failed or found a problem (the message says which, e.g. no CUDA device);
# 4 the build failed. Without a GPU it builds the jar, runs doctor and stops there with exit 1.
#
# Tolerance: the CUDA and CPU final val losses of each rung must agree to 2% (relative). Both runs start from the same
# weights (drawn by java.util.Random from the seed) and see the same batches in the same order, in fp32; what differs
# is the order of floating-point sums (cuBLAS and GPU kernels against OpenBLAS and host kernels), which on the CPU
# alone moves the loss in the 4th decimal when only the thread count changes, and grows but stays well under 1% over
# the tiny ladder's few hundred steps. A wrong GPU kernel (a bad mask, layout or reduction) moves it by far more.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tolerance=0.02
shapes="64/2/2,128/4/4,256/4/4,384/6/6,512/8/8,768/12/12"

out="runs/gpu-check-$(date +%Y-%m-%d)"
n=2
while [ -e "$out" ]; do out="runs/gpu-check-$(date +%Y-%m-%d)-$n"; n=$((n + 1)); done
mkdir -p "$out"
summary="$out/summary.md"
started=$(date +%s)

log() { echo "gpu-check: $*" | tee -a "$out/gpu-check.log" >&2; }
elapsed() { echo $(($(date +%s) - started)); }

# Ends the check: a last line in summary.md and on the console, then the exit code.
finish() {
    local code=$1; shift
    printf '\n**Result: %s** (after %d s; exit code %d)\n' "$*" "$(elapsed)" "$code" >> "$summary"
    log "$* (exit $code; everything is in $out/)"
    exit "$code"
}

{
    echo "# GPU check, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "- host: $(hostname), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "- java: $(java -version 2>&1 | head -1)"
    if command -v nvidia-smi > /dev/null; then
        nvidia-smi > "$out/nvidia-smi.txt" 2>&1
        echo "- GPUs (nvidia-smi): $(nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap \
            --format=csv,noheader 2>/dev/null | paste -sd ';' -)"
    else
        echo "- nvidia-smi: not found (no NVIDIA driver on PATH)"
    fi
} > "$summary"

log "1/6 building the CUDA jar (LADDER_BACKEND=cuda; downloads about 2.4 GB the first time)"
t=$(date +%s)
if ! LADDER_BACKEND=cuda ./ladder --version > "$out/build.txt" 2>&1; then
    cp -f .build.log "$out/build.log" 2>/dev/null
    finish 4 "the CUDA build failed; see $out/build.log"
fi
jar_gb=$(du -cb trainer/target/ladder-cuda.jar trainer/target/lib | tail -1 | awk '{printf "%.2f", $1 / 1e9}')
echo "- CUDA build: $(grep '^ladder ' "$out/build.txt"), ${jar_gb} GB (trainer/target/ladder-cuda.jar + lib/)," \
    "$(($(date +%s) - t)) s" >> "$summary"

log "2/6 ladder doctor --device CUDA"
LADDER_BACKEND=cuda ./ladder doctor --device CUDA > "$out/doctor.txt" 2>&1
doctor=$?
{ echo; echo "## ladder doctor --device CUDA (exit $doctor)"; echo; echo '```'; cat "$out/doctor.txt"; echo '```'; } \
    >> "$summary"
if [ "$doctor" -ne 0 ]; then
    grep -E '^problem:' "$out/doctor.txt" >&2
    finish 1 "stopped at ladder doctor: this machine cannot train on CUDA (see the problems above); no GPU step ran"
fi

log "3/6 ladder bench --device CUDA --json --shapes $shapes"
t=$(date +%s)
if ! LADDER_BACKEND=cuda ./ladder bench --device CUDA --json --shapes "$shapes" > "$out/bench-cuda.json" \
        2> "$out/bench-cuda.log"; then
    finish 1 "ladder bench on CUDA failed; see $out/bench-cuda.log"
fi
{ echo; echo "## ladder bench --device CUDA ($(($(date +%s) - t)) s)"; echo; echo '```json'; cat "$out/bench-cuda.json"
  echo '```'; } >> "$summary"

# The same ladder with train.device = CUDA (ladder run has no --device; the config says where it trains).
sed 's/"train": {/"train": {"device": "CUDA", /' configs/tiny-ladder.json > "$out/tiny-ladder-cuda.json"
grep -q '"device": "CUDA"' "$out/tiny-ladder-cuda.json" || finish 1 "could not set train.device in a copy of"\
" configs/tiny-ladder.json (its \"train\" section changed?)"

log "4/6 ladder run tiny-ladder on CUDA"
t=$(date +%s)
LADDER_BACKEND=cuda ./ladder run "$out/tiny-ladder-cuda.json" --out "$out/cuda" > "$out/run-cuda.log" 2>&1 \
    || finish 1 "training tiny-ladder on CUDA failed; see $out/run-cuda.log and $out/cuda/tiny-ladder/*/train.log"
cuda_seconds=$(($(date +%s) - t))

log "5/6 ladder run tiny-ladder on CPU"
t=$(date +%s)
./ladder run configs/tiny-ladder.json --out "$out/cpu" > "$out/run-cpu.log" 2>&1 \
    || finish 1 "training tiny-ladder on CPU failed; see $out/run-cpu.log"
cpu_seconds=$(($(date +%s) - t))

log "6/6 comparing final val losses (tolerance ${tolerance} relative)"
val() { sed -n 's/.*"finalValLoss" *: *\([-0-9.eE+]*\).*/\1/p' "$1"; }
{
    echo
    echo "## tiny-ladder, CUDA against CPU (CUDA ${cuda_seconds} s, CPU ${cpu_seconds} s; tolerance ${tolerance})"
    echo
    echo "| runId | CUDA val loss | CPU val loss | relative difference | within |"
    echo "|---|---|---|---|---|"
} >> "$summary"
worst=0
for cpu in "$out"/cpu/tiny-ladder/*/summary.json; do
    run=$(basename "$(dirname "$cpu")")
    cuda="$out/cuda/tiny-ladder/$run/summary.json"
    [ -f "$cuda" ] || finish 1 "rung $run has no CUDA summary ($cuda)"
    a=$(val "$cuda"); b=$(val "$cpu")
    [ -n "$a" ] && [ -n "$b" ] || finish 1 "rung $run has no finalValLoss (CUDA '$a', CPU '$b')"
    row=$(awk -v a="$a" -v b="$b" -v tol="$tolerance" 'BEGIN {
        d = (a - b) / b; if (d < 0) d = -d; printf "%.5f %s", d, (d <= tol ? "yes" : "NO") }')
    echo "| $run | $a | $b | ${row% *} | ${row#* } |" >> "$summary"
    [ "${row#* }" = yes ] || worst=1
done
[ "$worst" -eq 0 ] || finish 1 "a CUDA val loss differs from the CPU one by more than ${tolerance} (table above)"
finish 0 "every step passed"
