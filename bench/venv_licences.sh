#!/usr/bin/env bash
# Dependency licences of a Python virtual environment: `ospo scan --deps` over a project whose
# `.venv` holds 100+ packages installed by pip, beside pip-licenses on the same environment in the
# same run (hyperfine, interleaved), then per-package agreement (bench/venv_licences.py).
#   bench/venv_licences.sh [OSPO] [DIR]
# DIR (default /tmp/venvbench) is made on the first run: a venv with the packages below from the
# Python package index, `pip freeze` as the project's requirements.txt, and pip-licenses in a venv
# of its own beside it (so it is not one of the packages counted).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ospo="${1:-$here/target/release/ospo}"
dir="${2:-/tmp/venvbench}"
peer_env="${PEER_ENV:-$dir-peer}"
packages=(jupyterlab pandas requests flask sphinx pytest sqlalchemy)

if [ ! -x "$dir/.venv/bin/python" ]; then
  mkdir -p "$dir"
  python3 -m venv "$dir/.venv"
  "$dir/.venv/bin/pip" install -q "${packages[@]}"
  "$dir/.venv/bin/pip" freeze > "$dir/requirements.txt"
fi
if [ ! -x "$peer_env/bin/pip-licenses" ]; then
  python3 -m venv "$peer_env"
  "$peer_env/bin/pip" install -q pip-licenses
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) CPUs, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ospo: $("$ospo" --version)"
echo "pip-licenses: $("$peer_env/bin/pip-licenses" --version)"
echo "python: $("$dir/.venv/bin/python" --version)"
echo "packages in the venv: $(ls -d "$dir"/.venv/lib/python*/site-packages/*.dist-info | wc -l)," \
  "files under .venv: $(find "$dir/.venv" -type f | wc -l)," \
  "pinned in requirements.txt: $(grep -c '==' "$dir/requirements.txt")"

ospo_cmd="$ospo scan $dir --deps --format json --output $work/ospo.json"
# pip-licenses reads each distribution's metadata and, with --with-license-file, its licence file:
# the same sources ospo reads (ospo also runs license-text over every other file of the venv).
peer_cmd="$peer_env/bin/pip-licenses --python $dir/.venv/bin/python --from mixed --with-license-file \
--no-license-path --format json --output-file $work/peer.json"

hyperfine -N -w 1 -r "${RUNS:-5}" --export-json "$work/hyperfine.json" "$ospo_cmd" "$peer_cmd"
# hyperfine measures one side's runs, then the other's: on a shared machine the ratio is also
# taken per interleaved round (one run of each, back to back), and its median reported.
for i in $(seq "${ROUNDS:-5}"); do
  hyperfine -N -r 1 --export-json "$work/round$i.json" "$ospo_cmd" "$peer_cmd" >/dev/null 2>&1
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/bench/venv_licences.py" "$work/ospo.json" "$work/peer.json" "$work/hyperfine.json" "$dir/.venv" \
  "$work"/round*.json
