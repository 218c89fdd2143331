# Shared by scripts/run-app and scripts/run-tests: make a virtualenv with the pinned packages
# and check the system libraries WeasyPrint needs. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${IQM_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install Python 3.11 or newer."
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" --version 2>&1)."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  command -v apt-get >/dev/null || return 1
  say "Installing Debian packages: $*"
  as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# WeasyPrint renders with Pango; Debian ships it as libpango-1.0-0 and libpangoft2-1.0-0.
if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    || die "WeasyPrint needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
fi

# The spelling check (library.spelling) reads Hunspell's en-GB dictionary through pyenchant,
# which needs Debian's libenchant-2-2 and hunspell-en-gb.
if ! ldconfig -p 2>/dev/null | grep -q 'libenchant-2.so.2' || [ ! -f /usr/share/hunspell/en_GB.dic ]; then
  apt_install libenchant-2-2 hunspell-en-gb \
    || die "The spelling check needs Enchant and the en-GB dictionary: apt-get install libenchant-2-2 hunspell-en-gb"
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the virtualenv in $VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    apt_install python3-venv || die "python3 -m venv failed: apt-get install python3-venv"
    "$PYTHON" -m venv "$VENV"
  fi
fi

# Reinstall only when a requirements file has changed since the last install.
STAMP="$VENV/.requirements.sha256"
WANT="$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  say "Installing the pinned Python packages (requirements-dev.txt)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
