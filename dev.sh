#!/bin/sh
# Sets up a Debian machine for fsgen, builds it, and runs the main job or the tests.
#   ./dev.sh render   install what is missing, build, render every shipped overlay into out/
#   ./dev.sh test     install what is missing, build, run every test (normal and sanitizer builds)
set -eu
cd "$(dirname "$0")"

PACKAGES="cmake make gcc libc6-dev pkg-config lua5.4 liblua5.4-dev libyaml-dev nettle-dev lua-filesystem
lua-filesystem-dev lua-busted python3 python3-yaml python3-jsonschema valgrind"

install_missing() {
  missing=""
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: missing packages:$missing (run as root, or install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

build() { # build DIR [cmake options...]
  dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j2 >/dev/null
}

render() {
  rm -rf out.new && mkdir -p out.new
  ./build/fsgen -o out.new/default
  for overlay in overlays/*.lua; do
    [ -e "$overlay" ] || continue
    name=$(basename "$overlay" .lua)
    ./build/fsgen -o "out.new/$name" "$overlay"
  done
  rm -rf out && mv out.new out
  echo "rendered into out/: $(ls out | tr '\n' ' ')"
}

case "${1:-}" in
  render) install_missing; build build; render ;;
  test)
    install_missing
    # The cdk8s peer of spec/bench/peers_spec.lua (pending without it).
    if command -v npm >/dev/null; then
      npm ci --prefix bench/peers/cdk8s --no-audit --no-fund >/dev/null 2>&1 || true
    fi
    build build
    ctest --test-dir build --output-on-failure -j2
    build build-sanitize -DFSGEN_SANITIZE=ON
    ctest --test-dir build-sanitize --output-on-failure -j2
    if [ -x spec/hardening/ci.sh ]; then spec/hardening/ci.sh; fi ;;
  *) echo "usage: ./dev.sh render|test" >&2; exit 2 ;;
esac
