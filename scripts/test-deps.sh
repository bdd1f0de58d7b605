#!/usr/bin/env bash
# test-deps.sh: installs the system software two optional tests use, on Debian as root: Chromium (the report page is
# rendered headless and its tables and images checked) and a one-node Slurm cluster (a tiny ladder is run through
# sbatch). Without them those two tests are skipped with a message; everything else needs only a JDK.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
    echo "test-deps: needs root and apt-get (Debian); skipping" >&2
    exit 1
fi
if ! command -v chromium > /dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
fi
"$here/slurm-local.sh" start
