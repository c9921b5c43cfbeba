#!/usr/bin/env bash
# `make audit`: pip-audit the pinned requirements (requirements.lock: every package, direct and transitive, at
# exactly its version; nothing installed or resolved) against the advisories PyPI publishes for each release.
#
# - Needs the network (pypi.org), so it is not part of `make test`; it fails clearly when PyPI cannot be
#   reached, and gives up after AUDIT_TIMEOUT seconds (default 600) rather than hang.
# - pip-audit lives in its own venv (build/pip-audit): it needs packaging>=23, which Rasa 3.6's pins
#   (packaging 20.9) do not allow in .venv.
# - Advisories reviewed and accepted are listed, each with its reason and mitigation, in
#   requirements.audit-ignore (mirrored in SECURITY.md); any other advisory fails the target.
set -euo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT_VERSION=2.10.1
VENV=build/pip-audit
IGNORE_FILE=requirements.audit-ignore
TIMEOUT="${AUDIT_TIMEOUT:-600}"

if ! "$VENV/bin/pip-audit" --version 2>/dev/null | grep -q " $PIP_AUDIT_VERSION\$"; then
  PYTHON_BIN="$(scripts/find-python.sh)"
  echo "Installing pip-audit $PIP_AUDIT_VERSION into $VENV"
  rm -rf "$VENV"
  "$PYTHON_BIN" -m venv "$VENV"
  if ! timeout 300 "$VENV/bin/python" -m pip install --quiet "pip-audit==$PIP_AUDIT_VERSION" \
       2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); then
    echo "make audit: could not install pip-audit $PIP_AUDIT_VERSION (is the package index reachable?)" >&2
    exit 2
  fi
fi

ignores=()
while read -r id _; do
  ignores+=(--ignore-vuln "$id")
done < <(grep -E '^[A-Za-z]+-[A-Za-z0-9-]+' "$IGNORE_FILE")
echo "Auditing requirements.lock (${#ignores[@]} reviewed advisories ignored: $IGNORE_FILE)"

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
# --no-deps --disable-pip: audit exactly the pinned versions (the lock has every dependency) without pip
# resolving or installing anything (pip-audit's warning that the lock has no hashes is expected here).
# --strict: a package whose advisories could not be fetched fails the audit instead of being skipped.
timeout "$TIMEOUT" "$VENV/bin/pip-audit" \
  --requirement requirements.lock --no-deps --disable-pip --strict \
  --vulnerability-service pypi --timeout 30 --progress-spinner off --desc on \
  --cache-dir build/pip-audit-cache ${ignores[@]+"${ignores[@]}"} 2>&1 \
  | grep -v -e "users are encouraged to fully hash" -e "Consider using a tool like .pip-compile" \
  | tee "$report" || status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
  echo "make audit: no known advisories beyond the reviewed ones."
elif [ "$status" -eq 124 ]; then
  echo "make audit: gave up after ${TIMEOUT}s: PyPI's advisory data did not arrive in time." >&2
elif grep -q "known vulnerabilit" "$report"; then
  echo "make audit: the advisories above are not in $IGNORE_FILE: upgrade, or review them and list each" \
       "(with the reason and mitigation) there and in SECURITY.md." >&2
else
  echo "make audit: pip-audit could not fetch the advisories (exit $status; above): it needs PyPI's JSON API" \
       "(https://pypi.org/pypi/<name>/<version>/json); run it where that is reachable." >&2
fi
exit "$status"
