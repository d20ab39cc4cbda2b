#!/usr/bin/env bash
# The GitHub Action's gate (action.yml, "Gate"): the job's exit code from the scans' exit codes.
# In a pull request only what it starts sending can fail it (the --since scan, SINCE); elsewhere, any violation not in
# the baseline (the full scan, FULL). 0 no violations, 1 violations, 2 usage or configuration error. With
# FAIL other than 'true', violations are reported and the job passes; an error (2) always fails it.
set -u
code="${SINCE:-${FULL:-}}"
echo "exit-code=${code:-2}" >> "$GITHUB_OUTPUT"
if [ -z "$code" ]; then echo "piiflow did not run"; exit 2; fi
if [ "$code" = 1 ] && [ "${FAIL:-true}" != 'true' ]; then echo "piiflow: violations found (fail-on-violations is off)"; exit 0; fi
exit "$code"
