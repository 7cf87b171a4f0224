#!/usr/bin/env bash
# One-stop set-up for a fresh Debian 12 machine: installs what is missing, builds, and then
#   tools/setup.sh demo   scans the bundled samples (the main job)
#   tools/setup.sh test   runs the whole test suite, in a normal build and under ASan+UBSan
#   tools/setup.sh oracle compares the native .evtx/.evt readers with libyal's evtxexport/evtexport
#                         on ../shared (a corpus check, not part of the suite; installs those tools)
# Safe to run again: installs and configures only what is missing.
set -euo pipefail

mode="${1:-demo}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="$(nproc 2>/dev/null || echo 2)"

# Debian 12 packages this project builds with (see README, "Dependencies").
packages=(build-essential cmake pkg-config libboost-regex-dev libpugixml-dev libyaml-cpp-dev
          libspdlog-dev libfmt-dev catch2 libcli11-dev nlohmann-json3-dev)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build DIR [extra cmake args...]
  local dir="$1"; shift
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

install_missing
case "$mode" in
  demo)
    build "$root/build"
    kbmatch="$root/build/tools/kbmatch"
    # Each scenario folder is one support case: the logs of one server, in one export format.
    # Exit status 1 means "findings", which is what the positive samples should give.
    for dir in "$root"/samples/Q*/* "$root"/samples/crash-events/* "$root"/samples/near-miss/*; do
      [ -d "$dir" ] || continue
      # Vista CSV exports carry no computer name: the engineer supplies it.
      args=(scan --max-evidence 3)
      case "$dir" in */Q216793/vista*) args+=(--computer DHCPSRV01) ;; esac
      echo "=== kbmatch ${args[*]} ${dir#"$root"/}"
      status=0
      "$kbmatch" "${args[@]}" "$dir" || status=$?
      [ "$status" -le 1 ] || { echo "setup: kbmatch failed on $dir (exit $status)"; exit 1; }
    done
    ;;
  test)
    build "$root/build"
    ctest --test-dir "$root/build" -j "$jobs" --output-on-failure
    build "$root/build-asan" -DKBMATCH_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir "$root/build-asan" -j "$jobs" --output-on-failure
    ;;
  oracle)
    # The reference converters (Debian's libevtx-utils, libevt-utils) are only needed here.
    packages+=(libevtx-utils libevt-utils)
    install_missing
    build "$root/build"
    shared="$root/../shared"
    [ -d "$shared" ] || { echo "setup: oracle needs the corpus in $shared" >&2; exit 2; }
    python3 "$root/tools/oracle/compare_with_libyal.py" --kbmatch "$root/build/tools/kbmatch" --summary-only \
      "$shared/evtx-attack" "$shared/formats"
    ;;
  *)
    echo "usage: tools/setup.sh [demo|test|oracle]" >&2
    exit 2
    ;;
esac
