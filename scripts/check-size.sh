#!/usr/bin/env bash
# Refuses a commit that stages a file over 1 MiB or build outputs (a submission has a size limit;
# everything large here can be rebuilt by a script). Installed as the pre-commit hook by setup.sh.
set -euo pipefail
status=0
while IFS= read -r -d '' path; do
  case "$path" in
    */target/*|target/*|*/node_modules/*|node_modules/*|dist/*|*/dist/*)
      echo "pre-commit: build output staged: $path" >&2; status=1; continue ;;
  esac
  size=$(git cat-file -s ":$path" 2>/dev/null || echo 0)
  if [ "$size" -gt 1048576 ]; then
    echo "pre-commit: $path is $size bytes (over 1 MiB)" >&2; status=1
  fi
done < <(git diff --cached --name-only --diff-filter=AM -z)
exit $status
