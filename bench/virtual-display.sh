# Sourced by the benchmarks that open windows: with no DISPLAY, starts a 1920x1080 Xvfb for the run
# (its pid in WATCHFLOOR_BENCH_X_PID, so a benchmark can count the X server's CPU) and stops it at
# exit. GPL-3.0-or-later.
if [ -z "${DISPLAY:-}" ]; then
  number=97
  while [ -e "/tmp/.X${number}-lock" ]; do number=$((number + 1)); done
  Xvfb ":$number" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  export WATCHFLOOR_BENCH_X_PID=$xvfb
  trap 'kill $xvfb 2>/dev/null' EXIT
  export DISPLAY=":$number"
  sleep 1
fi
