#!/usr/bin/env bash
# `make run`: the console, with the local Adyen-compatible server beside it for the demo
# connector (http://127.0.0.1:8099). Stopping the console stops the local server too.
set -euo pipefail

BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
ADYEN_PORT=${ADYEN_PORT:-8099}

"$BIN/python" -m connectors.payments.local_adyen --host 127.0.0.1 --port "$ADYEN_PORT" \
	--data connectors/payments/local_adyen/demo_data.json &
adyen_pid=$!
stop_adyen() {
	kill "$adyen_pid" 2>/dev/null || true
	wait "$adyen_pid" 2>/dev/null || true
}
trap stop_adyen EXIT INT TERM

echo "Serving the console on http://$HOST:$PORT"
"$BIN/backoffice" run --host "$HOST" --port "$PORT"
