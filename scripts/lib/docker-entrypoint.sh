#!/bin/sh
# Entry of the Kontor images: keeps AUTH_SECRET when it is not given (made
# once, kept in DATA_DIR/auth-secret on the data volume), then runs the command.
set -eu
if [ -z "${AUTH_SECRET:-}" ]; then
  secret_file="${DATA_DIR:-/data}/auth-secret"
  if [ ! -s "$secret_file" ]; then
    (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64url'))" > "$secret_file")
    echo "kontor: generated AUTH_SECRET in $secret_file" >&2
  fi
  AUTH_SECRET="$(cat "$secret_file")"
  export AUTH_SECRET
fi
: "${NEXTAUTH_SECRET:=$AUTH_SECRET}"
export NEXTAUTH_SECRET
exec "$@"
