#!/usr/bin/env bash
# Load benchmark of `readout serve` (issue 8): ingest generated articles, start the release
# server, and run 200 concurrent clients for 30 s against the search page, the article page
# and the search API, with wrk (apt-get install wrk). Prints requests/s, errors and latency
# percentiles per target.
#
# Usage: bench/serve_load.sh [ARTICLES] [SECONDS] [CONNECTIONS]   (defaults 300 30 200)
# Env: PORT (default 18457), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-300}
SECONDS_PER_RUN=${2:-30}
CONNS=${3:-200}
PORT=${PORT:-18457}
command -v wrk >/dev/null || { echo "serve_load: wrk is missing; install it with apt-get install -y wrk" >&2; exit 2; }

cargo build --release -p readout >&2
BIN=target/release/readout
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "serve_load: kept $WORK" >&2; fi
}
trap cleanup EXIT

# Generated articles (made-up names and places; fixed seed, so every run has the same text).
RANDOM=42
people=("Amira Sollen" "Dario Kest" "Tove Brandt" "Lena Ostrova" "Pavel Mirren" "Ines Halvard" "Omar Quill" "Rosa Denholm")
roles=("council chair" "transport minister" "port director" "union leader" "mayor" "harbor commissioner")
places=("Port Vell" "Lorvik" "Brask" "Osterholm" "Caldera Bay" "New Tamsin")
orgs=("Harbor Authority" "Ferry Workers Union" "Coastal Trade Council" "Northern Shipping Group")
topics=("ferry contract" "bridge repairs" "dock strike" "fuel subsidy" "port expansion" "storm damage")
days=("Monday" "Tuesday" "Wednesday" "Thursday" "Friday")
pick() { local -n arr=$1; echo "${arr[RANDOM % ${#arr[@]}]}"; }
{
    for i in $(seq 1 "$N"); do
        p1=$(pick people); p2=$(pick people); r1=$(pick roles); r2=$(pick roles)
        pl=$(pick places); org=$(pick orgs); t=$(pick topics); d1=$(pick days); d2=$(pick days)
        n=$((RANDOM % 40 + 2)); month=$((i % 9 + 1))
        title="$pl officials weigh $t"
        text="$title

$(echo "$pl" | tr '[:lower:]' '[:upper:]') — The $org met officials in $pl on $d1 to discuss the $t, $r1 $p1 said.

\\\"We will not accept delays on the $t,\\\" $p1 told reporters after the meeting. ${r2^} $p2 visited $pl on $d2 and promised support.

At least $n people were injured when protesters clashed with police near the $org offices last week, officials said. The $org accused the government of ignoring the $t.

$p2 said talks would resume next month."
        printf '{"id":"gen-%04d","title":"%s","published":"2026-0%d-1%d","source":"bench","text":"%s"}\n' \
            "$i" "$title" "$month" "$((i % 9))" "$(printf '%s' "$text" | awk 'BEGIN{ORS="\\n"}{print}' | sed 's/\\n$//')"
    done
} > "$WORK/articles.jsonl"

echo "== ingest $N articles" >&2
/usr/bin/time -f "ingest: %e s, %M KiB max RSS" "$BIN" ingest --db "$WORK/bench.db" "$WORK/articles.jsonl" >&2
"$BIN" stats --db "$WORK/bench.db" >&2 || true

"$BIN" serve --db "$WORK/bench.db" --addr "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/api/stats" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/api/stats" >/dev/null || { cat "$WORK/serve.log" >&2; exit 2; }

cat > "$WORK/search.lua" <<'LUA'
local words = {"ferry", "bridge", "strike", "subsidy", "expansion", "storm", "Lorvik", "Brask",
               "Sollen", "union", "police", "talks", "harbor", "\"port expansion\"", "injured"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", PATH_PREFIX .. words[(i % #words) + 1]:gsub(" ", "+"):gsub("\"", "%%22"))
end
LUA
cat > "$WORK/article.lua" <<LUA
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/articles/" .. ((i * 7919) % $N + 1))
end
LUA

run() {
    local key=$1 name=$2 script=$3 prefix=$4
    sed "s|PATH_PREFIX|\"$prefix\"|" "$WORK/$script" > "$WORK/run.lua"
    echo "== $name: $CONNS connections, ${SECONDS_PER_RUN} s" >&2
    wrk -t2 -c"$CONNS" -d"${SECONDS_PER_RUN}s" --latency --timeout 10s -s "$WORK/run.lua" \
        "http://127.0.0.1:$PORT" > "$WORK/$key.txt"
    cat "$WORK/$key.txt" >&2
    local rps p50 p99 non2xx sockerr
    rps=$(awk '/Requests\/sec/{print $2}' "$WORK/$key.txt")
    p50=$(awk '$1=="50%"{print $2}' "$WORK/$key.txt")
    p99=$(awk '$1=="99%"{print $2}' "$WORK/$key.txt")
    non2xx=$(awk '/Non-2xx/{print $NF}' "$WORK/$key.txt"); non2xx=${non2xx:-0}
    sockerr=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10}' "$WORK/$key.txt"); sockerr=${sockerr:-0}
    printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$((non2xx + sockerr))"
}

echo "| target | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|"
run search "search page (/search?q=)" search.lua "/search?q="
run article "article page (/articles/{id})" article.lua ""
run api "search API (/api/search?q=)" search.lua "/api/search?q="
