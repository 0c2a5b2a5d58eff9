#!/bin/sh
# Console benchmarks (docs/performance.md, Console): download sizes, first-frame time after
# navigation, and Users-table frame times while scrolling 100,000 users, in Debian's headless
# Chromium with SwiftShader. Needs web/dist (pcu_console) and pcu-server (PCU_SERVER to override).
# Usage: bench/web/run.sh [users]   (default 100000)
set -e
cd "$(dirname "$0")/../.."
node bench/web/console_size.mjs
node bench/web/console_frames.mjs "${1:-100000}"
