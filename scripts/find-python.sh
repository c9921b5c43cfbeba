#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter, or explain what to install and fail.
# Order: $PYTHON, python3.10 on PATH, pyenv's versions.
set -u
is310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }
for candidate in "${PYTHON:-}" "$(command -v python3.10 2>/dev/null)" \
    "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python; do
  [ -n "$candidate" ] && [ -x "$candidate" ] && is310 "$candidate" && { echo "$candidate"; exit 0; }
done
cat >&2 <<'MSG'
No Python 3.10 interpreter found. Rasa 3.6 needs Python 3.8-3.10; this project uses 3.10.
Install one of:
  - pyenv:  pyenv install 3.10.13
  - Debian/Ubuntu: apt-get install python3.10 python3.10-venv
Or point PYTHON at one: make run PYTHON=/path/to/python3.10
MSG
exit 1
