#!/usr/bin/env bash
# Usage: lint.sh   (make lint)
# Runs swift-format's lint rules, configured in .swift-format, over the Swift sources; fails on any finding.
# swift-format's lint also prints what its pretty printer would lay out differently ([Indentation], [Spacing],
# [AddLines], [RemoveLine], [TrailingComma], [LineLength], [TrailingWhitespace]); those cannot be switched off in
# its configuration (swiftlang/swift-format#764) and the code keeps its own compact layout, so they are counted
# but do not fail the check. The rules turned off in .swift-format are the ones the code deliberately breaks:
# one-line `guard … else { …; continue }` bodies (DoNotUseSemicolons), `let a = …, b = …`
# (OneVariableDeclarationPerLine), `internal import` after public ones (OrderedImports), hash constants written
# as in their papers (GroupNumericLiterals), and parenthesised byte tests in the scanners (NoParensAroundConditions).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
swift format lint --recursive --configuration .swift-format --parallel \
  Sources Plugins Tests Benchmarks BuildPlugins Fuzz/Sources Package.swift >"$out" 2>&1 || true
layout='\[(Indentation|Spacing|AddLines|RemoveLine|TrailingComma|LineLength|TrailingWhitespace)\]'
findings=$(grep -E 'warning:|error:' "$out" | grep -Ev "$layout" || true)
layout_count=$(grep -cE "$layout" "$out" || true)
if [ -n "$findings" ]; then
  echo "$findings"
  echo "lint: $(echo "$findings" | wc -l) finding(s) of the rules in .swift-format" >&2
  exit 1
fi
echo "lint: swift-format rules pass ($layout_count layout differences from swift-format's own style not counted)"
