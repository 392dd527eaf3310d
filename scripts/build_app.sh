#!/usr/bin/env bash
# Build the one-folder desktop application dist/pibdesk/ from pibdesk.spec and check it.
#   scripts/build_app.sh            build, then run dist/pibdesk/pibdesk --self-test
#   scripts/build_app.sh --no-test  build only
# Takes several minutes (on 2 cores about 5); not part of .ci/run for that reason.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -e '.[build]'
.venv/bin/pyinstaller pibdesk.spec --noconfirm --log-level WARN
echo "built dist/pibdesk/ ($(du -sh dist/pibdesk | cut -f1))"
if [ "${1:-}" != "--no-test" ]; then
  # a clean environment: no display, no source tree on the path
  env -i HOME="${HOME:-/tmp}" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    dist/pibdesk/pibdesk --self-test
fi
