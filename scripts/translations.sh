#!/usr/bin/env bash
# The message catalogues of the web explorer: extract every _() of web/ (templates and
# Python) into web/translations/messages.pot, merge it into each language's .po, compile
# the .mo files. Run after changing user-visible text, translate the new msgids in
# web/translations/<lang>/LC_MESSAGES/messages.po, then run again (or `--compile`).
#   scripts/translations.sh            extract → update → compile
#   scripts/translations.sh --compile  compile only
#   scripts/translations.sh --init fr  start a new language
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
DIR=web/translations
if [[ "${1:-}" == "--init" ]]; then
  "$PYBABEL" init -i "$DIR/messages.pot" -d "$DIR" -l "$2"
  exit
fi
if [[ "${1:-}" != "--compile" ]]; then
  "$PYBABEL" extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
    -o "$DIR/messages.pot" .
  "$PYBABEL" update -i "$DIR/messages.pot" -d "$DIR" --no-fuzzy-matching --ignore-obsolete
fi
"$PYBABEL" compile -d "$DIR" --statistics
