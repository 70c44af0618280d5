#!/usr/bin/env bash
# Start the action server and the Rasa server together; stop both on Ctrl-C or if either exits.
# Usage: scripts/run-bot.sh MODEL [extra `rasa run` arguments]   (called by `make run` and `make bench`)
# HIPBOT_PORT / HIPBOT_ACTION_PORT choose the ports (defaults 5005 / 5055).
set -euo pipefail
model="${1:-models/hipbot.tar.gz}"
shift || true
python=".venv/bin/python"
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="${PYTHONPATH:-.}"
action_port="${HIPBOT_ACTION_PORT:-5055}"
rasa_port="${HIPBOT_PORT:-5005}"

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# The action server through rasa_sdk itself: `rasa run actions` imports Rasa's CLI first (6 s of
# CPU taken from the Rasa server starting beside it).
"$python" -m rasa_sdk --actions actions --port "$action_port" &
pids+=($!)
# bot.server runs `rasa run` with the HTTP API only if RASA_AUTH_TOKEN or RASA_JWT_SECRET is set,
# CORS only for HIPBOT_CORS_ORIGINS, conversations in var/conversations.db unless DB_URL is set.
# Extra arguments go to `rasa run` (make bench uses them).
"$python" -m bot.server --model "$model" --port "$rasa_port" \
  --credentials credentials.yml --endpoints endpoints.yml "$@" &
pids+=($!)

echo "Starting: action server on :$action_port, Rasa on :$rasa_port (REST /webhooks/rest/webhook, socket.io /socket.io)."
echo "Web chat widget: http://localhost:$rasa_port/webhooks/widget/"
if [[ -n "${RASA_AUTH_TOKEN:-}${RASA_JWT_SECRET:-}" ]]; then
  echo "HTTP API on (token from the environment)."
else
  echo "HTTP API off (set RASA_AUTH_TOKEN to turn it on)."
fi
echo "Press Ctrl-C to stop both."
# Return as soon as either server exits; the EXIT trap stops the other one.
wait -n
