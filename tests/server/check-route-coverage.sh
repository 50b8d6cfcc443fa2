#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-route-coverage.sh SRCDIR: every route of the API that needs a login is in a role and
# tenant matrix of the server tests (an ApiEndpoint table), or listed in
# tests/server/route-coverage-exceptions.txt with where it is checked instead.
set -euo pipefail
cd "$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "METHOD /api/v1/a/*/b" for each route; :id and :key segments become *.
sed -nE 's/^ *\{ "(GET|POST|PUT|PATCH|DELETE)", "([^"]*)", ROUTE_LOGGED_IN.*/\1 \/api\/v1\/\2/p' \
  server/http/wcc-http-server.c | sed -E 's/:(id|key)/*/g' | sort -u > "$tmp/routes"
# The matrices' endpoints (a table row starting with the method, or with the path alone for
# tables of GETs): {X} placeholders become *, the query goes.
{
  sed -nE 's/^ *\{ "(GET|POST|PUT|PATCH|DELETE)", "(\/api\/v1\/[^"?]*)[^"]*",.*/\1 \2/p' tests/server/test-api-*.c
  sed -nE 's/^ *\{ "(\/api\/v1\/[^"?]*)[^"]*",.*/GET \1/p' tests/server/test-api-*.c
} | sed -E 's/\{[A-Z]+\}/*/g' | sort -u > "$tmp/covered"
sed -E 's/[[:space:]]*#.*$//; /^$/d' tests/server/route-coverage-exceptions.txt | sort -u > "$tmp/excepted"

missing=$(comm -23 "$tmp/routes" <(sort -u "$tmp/covered" "$tmp/excepted"))
stale=$(comm -13 "$tmp/routes" "$tmp/excepted")
echo "$(wc -l < "$tmp/routes") routes that need a login; $(comm -12 "$tmp/routes" "$tmp/covered" | wc -l) in the matrices; $(comm -12 "$tmp/routes" "$tmp/excepted" | wc -l) checked elsewhere"
status=0
if [ -n "$missing" ]; then
  echo "not in any role/tenant matrix (tests/server/test-api-*.c) nor in the exceptions:"
  echo "$missing"
  status=1
fi
if [ -n "$stale" ]; then
  echo "exceptions for routes that do not exist:"
  echo "$stale"
  status=1
fi
exit $status
