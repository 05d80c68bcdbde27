#!/usr/bin/env bash
# The GPU bench on a bare Linux x86-64 machine with an NVIDIA GPU and no network:
#   ./run-on-device.sh RESULTS_DIR [bench options]
# from a folder made by `npm run pack:gpu -- FOLDER` (scripts/gpu/pack.mjs): it unpacks
# payload.tar.gz (Node, Dawn's dawn.node, the bundled app, the Vulkan loader) into a temporary
# folder, points the carried Vulkan loader at the NVIDIA driver's ICD file where the driver
# installed it, and runs npm run bench:gpu's launcher (scripts/gpu/bench.mjs): the parity suite at
# full size, tiny/baby/small/large, the loss curves, PyTorch where a Python with torch is found.
# Writes RESULTS_DIR/results-gpu.json, RESULTS_DIR/results-gpu.md and RESULTS_DIR/device.txt
# (what the machine says about its GPU and driver). VK_ICD_FILENAMES set beforehand wins (to prove
# the script on SwiftShader: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 RESULTS_DIR [bench options, e.g. --presets tiny,baby]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$here/payload.tar.gz" -C "$work"

# The driver's Vulkan ICD: where NVIDIA's installer and distribution packages put it.
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json \
    /usr/local/share/vulkan/icd.d/nvidia_icd.json /usr/lib/x86_64-linux-gnu/nvidia/current/nvidia_icd.json; do
    if [ -f "$f" ]; then
      export VK_ICD_FILENAMES="$f"
      break
    fi
  done
fi
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  echo "run-on-device: no NVIDIA Vulkan ICD file found (nvidia_icd.json under /usr/share/vulkan/icd.d or /etc/vulkan/icd.d)." >&2
  echo "Install the driver's Vulkan part, or set VK_ICD_FILENAMES to the ICD json." >&2
  exit 1
fi
export LD_LIBRARY_PATH="$work/vulkan${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -srm)"
  echo "VK_ICD_FILENAMES: $VK_ICD_FILENAMES"
  if command -v nvidia-smi > /dev/null; then
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 || true
  else
    echo "nvidia-smi: not found"
  fi
  echo "node: $("$work/node/bin/node" --version)"
} | tee "$out/device.txt"

cd "$work/app"
status=0
"$work/node/bin/node" scripts/gpu/bench.mjs --no-build --driver inherit --bundle-dir dist-gpu \
  --out "$out/results-gpu.json" --md "$out/results-gpu.md" --compile-presets baby,large "$@" || status=$?
echo "run-on-device: results in $out (exit $status)"
exit "$status"
