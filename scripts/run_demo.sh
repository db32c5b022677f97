#!/usr/bin/env bash
# `make run`: the console, with beside it the local Adyen-compatible server for the demo
# connector (http://127.0.0.1:8099), the local DeepL-compatible server for machine drafts
# (http://127.0.0.1:8098), a local mail sink that keeps every mail the console
# sends, and the worker that sends them and runs the periodic checks. Stopping the console
# stops the others too.
set -euo pipefail

BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
ADYEN_PORT=${ADYEN_PORT:-8099}
DEEPL_PORT=${DEEPL_PORT:-8098}
SMTP_PORT=${SMTP_PORT:-1025}
MAIL_DIR=${MAIL_DIR:-instance/mail}

export BACKOFFICE_SMTP_URL=${BACKOFFICE_SMTP_URL:-smtp://127.0.0.1:$SMTP_PORT}
export BACKOFFICE_BASE_URL=${BACKOFFICE_BASE_URL:-http://$HOST:$PORT}

pids=()
stop_all() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT INT TERM

"$BIN/python" -m connectors.payments.local_adyen --host 127.0.0.1 --port "$ADYEN_PORT" \
	--data connectors/payments/local_adyen/demo_data.json &
pids+=($!)

"$BIN/python" -m connectors.machine_translation.local_deepl --host 127.0.0.1 --port "$DEEPL_PORT" &
pids+=($!)

mkdir -p "$MAIL_DIR/tmp" "$MAIL_DIR/new" "$MAIL_DIR/cur"  # a Maildir
"$BIN/python" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAIL_DIR" &
pids+=($!)

"$BIN/backoffice" worker &
pids+=($!)

"$BIN/backoffice" run --host "$HOST" --port "$PORT" &
console=$!
pids+=($console)

# The sign-ins come last, once the console answers, so that nothing scrolls them away.
for _ in $(seq 1 100); do
	"$BIN/python" -c "import urllib.request as u; u.urlopen('http://$HOST:$PORT/healthz', timeout=1)" \
		2>/dev/null && break
	sleep 0.2
done
echo "Mail sink on smtp://127.0.0.1:$SMTP_PORT: every mail the console sends is kept in $MAIL_DIR/new (Maildir, one file per mail)"
"$BIN/backoffice" demo sign-ins --url "http://$HOST:$PORT"
wait "$console"
