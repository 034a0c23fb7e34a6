# Shared by the test scripts (sourced, not run): Debian packages, a pinned virtualenv, the
# project's binaries. Each function names its caller's script in what it prints.

# needs SCRIPT PACKAGE...: installs the Debian packages given (those already found are left
# out by the caller) as root with apt-get; elsewhere says what to install and fails.
needs() {
  local script=$1
  shift
  [ "$#" -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "$script: needs $* (Debian packages); install them, or run as root with apt-get" >&2
    exit 1
  fi
  echo "$script: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

# pinned_venv SCRIPT VENV PIN...: a virtualenv at VENV with exactly these pins, made anew when
# the pins or python3's version change (python3-venv installed when missing).
pinned_venv() {
  local script=$1 venv=$2
  shift 2
  python3 -c 'import ensurepip, venv' 2>/dev/null || needs "$script" python3-venv
  local stamp
  stamp="$* python $(python3 -c 'import platform; print(platform.python_version())')"
  if [ "$(cat "$venv/stamp" 2>/dev/null)" != "$stamp" ] || ! "$venv/bin/python" -c '' 2>/dev/null; then
    echo "$script: making $venv with $*"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@"
    echo "$stamp" >"$venv/stamp"
  fi
}

# built_tools: builds nxaudit and nxaudit-loggen (debug) and sets $nxaudit and $loggen to them.
built_tools() {
  swift build --product nxaudit
  swift build --product nxaudit-loggen
  nxaudit="$(swift build --show-bin-path)/nxaudit"
  loggen="$(swift build --show-bin-path)/nxaudit-loggen"
}
