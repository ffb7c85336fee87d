# shellcheck shell=bash
# Observability (issue 5): /metrics and /healthz, promtool, and every PromQL
# expression of dashboards/ against a real Prometheus.
#   BUILD=build bash tests/integration/run.sh metrics
#
# Two targets, the same checks:
#  1. tests/tools/metrics_driver: the metrics module and HTTP server with a
#     synthetic consumer thread (no BPF), built here from user/. It checks the
#     module alone: exposition, HTTP abuse while the hot path counts.
#  2. the collector itself (build/ctrwatch --metrics-addr), with real events:
#     failing mounts and unshares as nobody, and a flagged escape (a block
#     device mount) in a runc container.

M_PORT_DRIVER=${M_PORT_DRIVER:-17861}
M_PORT_CTW=${M_PORT_CTW:-17862}
M_PORT_PROM=${M_PORT_PROM:-17890}
M_PROM_PID=""
M_DRV_PID=""

# m_value TEXT SERIES: the value of one exact series line ("name{labels}") in a scrape.
m_value()
{
	awk -v s="$2" '$1 == s { print $2; f = 1 } END { if (!f) print "" }' <<<"$1"
}

# m_sum TEXT NAME: the sum of every sample of a family.
m_sum()
{
	awk -v n="$2" 'index($1, n "{") == 1 || $1 == n { s += $2 } END { printf "%d\n", s }' <<<"$1"
}

m_wait_url()
{
	local url=$1 waited=0
	until curl -s -o /dev/null --max-time 1 "$url"; do
		[ "$waited" -ge 100 ] && return 1
		sleep 0.1
		waited=$((waited + 1))
	done
}

m_build_driver()
{
	local san=() libs
	case $BUILD in *asan*) san=(-fsanitize=address,undefined -fno-omit-frame-pointer) ;; esac
	M_DRIVER=$ITEST_TMP/metrics_driver
	# Linked like the unit tests: against the collector's library and LDLIBS.
	libs=$(make -s -p -n -f Makefile 2>/dev/null | sed -n 's/^LDLIBS *:= *//p' | head -n 1)
	# shellcheck disable=SC2086 # LDLIBS is a list of flags
	${CC:-cc} -std=gnu11 -O1 -g -D_GNU_SOURCE -Iuser -Ibpf "${san[@]}" -o "$M_DRIVER" \
		tests/tools/metrics_driver.c "$BUILD/libctrwatch.a" ${libs:--lbpf -lmicrohttpd -lpthread} \
		2>"$ITEST_TMP/driver-build.log"
}

# m_promtool_lint URL DESC: promtool check metrics: no error, no lint warning.
m_promtool_lint()
{
	local out rc
	out=$(curl -s --max-time 5 "$1" | promtool check metrics 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
		pass "$2: promtool check metrics clean"
	else
		fail "$2: promtool check metrics clean" "exit $rc" "$out"
	fi
}

# m_endpoint_checks URL_BASE DESC: status codes, content types, HEAD.
m_endpoint_checks()
{
	local base=$1 desc=$2 code ctype
	ctype=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base/metrics")
	assert_eq "$ctype" "200 text/plain; version=0.0.4; charset=utf-8" "$desc: GET /metrics 200 with the 0.0.4 content type"
	code=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -I "$base/metrics")
	assert_eq "$code" "200 0" "$desc: HEAD /metrics 200 without a body"
	code=$(curl -s -o /dev/null -w '%{http_code}' "$base/nope")
	assert_eq "$code" 404 "$desc: unknown path 404"
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d x=1 "$base/metrics")
	assert_eq "$code" 405 "$desc: POST /metrics 405"
	code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$base/healthz")
	assert_eq "$code" 405 "$desc: PUT /healthz 405"
	assert_eq "$(curl -s -w ' %{http_code}' "$base/healthz")" "ok
 200" "$desc: /healthz 200 ok once ready"
}

# m_abuse HOST PORT: malformed requests, huge headers, slowloris, a flood.
# Prints "key value" lines for the checks below.
m_abuse()
{
	python3 - "$1" "$2" <<'EOF'
import socket, sys, threading, time
host, port = sys.argv[1], int(sys.argv[2])

def conn():
    s = socket.create_connection((host, port), timeout=10)
    s.settimeout(10)
    return s

def exchange(payload):
    try:
        s = conn()
        s.sendall(payload)
        data = b""
        while True:
            c = s.recv(65536)
            if not c:
                break
            data += c
        s.close()
        return data
    except OSError:
        return b""

def scrape_ok():
    return exchange(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200")

malformed = [
    b"GARBAGE\r\n\r\n",
    b"\x00\x01\x02\xff\r\n\r\n",
    b"GET /metrics HTTP/7.0\r\n\r\n",
    b"GET metrics HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /metrics HTTP/1.1\r\nBad Header Line\r\n\r\n",
    b"GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    # (A bad chunked body after valid headers is not here: the endpoints take
    # no body and answer on the headers, which is correct.)
    b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Long: " + b"b" * 200000 + b"\r\n\r\n",
    b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + b"X-Many: y\r\n" * 5000 + b"\r\n",
]
answers = [exchange(m) for m in malformed]
ok_2xx = sum(1 for a in answers if a.startswith(b"HTTP/1.1 2"))
print("malformed_answered_2xx", ok_2xx)
print("alive_after_malformed", int(scrape_ok()))

# Slowloris: 40 connections that never finish their headers.
slow = []
for i in range(40):
    try:
        s = conn()
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    except OSError:
        pass
print("slowloris_opened", len(slow))
t0 = time.time()
print("scrape_during_slowloris", int(scrape_ok()))
print("scrape_during_slowloris_s", round(time.time() - t0, 3))
# The server must drop them after its timeout (5 s) instead of waiting forever.
time.sleep(7)
closed = 0
for s in slow:
    try:
        s.settimeout(1)
        s.sendall(b"X-More: 1\r\n")
        if s.recv(1024) == b"":
            closed += 1
    except OSError:
        closed += 1
    s.close()
print("slowloris_closed_by_server", closed)

# 200 concurrent scrapes.
results = []
lock = threading.Lock()
def one():
    r = scrape_ok()
    with lock:
        results.append(r)
threads = [threading.Thread(target=one) for _ in range(200)]
t0 = time.time()
for t in threads:
    t.start()
for t in threads:
    t.join()
print("flood_done", len(results))
print("flood_ok", sum(results))
print("flood_s", round(time.time() - t0, 3))
print("alive_after_flood", int(scrape_ok()))
EOF
}

# m_trickle HOST PORT: 64 connections from 127.0.0.2, each sending one header
# byte every 3 s (the idle timeout never fires), reconnecting when cut, for
# 17 s; meanwhile /healthz from 127.0.0.1 every 2 s with a 1 s budget.
m_trickle()
{
	python3 - "$1" "$2" <<'EOF2'
import socket, select, sys, threading, time
host, port = sys.argv[1], int(sys.argv[2])
RUN = 17.0
t0 = time.time()
lock = threading.Lock()
first_life = []   # lifetime of each first connection (s); None while open
open_at_end = []  # ages of the connections still open when the run ends

def trickle(idx):
    first = True
    while time.time() - t0 < RUN:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        opened = time.time()
        try:
            s.bind(("127.0.0.2", 0))
            s.connect((host, port))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            while time.time() - t0 < RUN:
                r, _, _ = select.select([s], [], [], 3.0)
                if r and not s.recv(4096):
                    break
                if not r:
                    s.sendall(b"a")
            else:
                with lock:
                    open_at_end.append(time.time() - opened)
                    if first:
                        first_life.append(None)
                s.close()
                return
        except OSError:
            pass
        s.close()
        with lock:
            if first:
                first_life.append(time.time() - opened)
        first = False
        time.sleep(0.2)

threads = [threading.Thread(target=trickle, args=(i,)) for i in range(64)]
for t in threads:
    t.start()
time.sleep(1)
probes = []
while time.time() - t0 < RUN - 1:
    t = time.time()
    code = 0
    try:
        c = socket.create_connection((host, port), timeout=1, source_address=("127.0.0.1", 0))
        c.settimeout(max(0.05, 1 - (time.time() - t)))
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = c.recv(64)
        if data.startswith(b"HTTP/1.1 200"):
            code = 200
        c.close()
    except OSError:
        pass
    probes.append((round(time.time() - t0, 1), code, round(time.time() - t, 3)))
    time.sleep(2)
for t in threads:
    t.join()
held = [l for l in first_life if l is None or l >= 6]
ended = [l for l in first_life if l is not None]
print("probes", len(probes))
print("probes_ok", sum(1 for p in probes if p[1] == 200 and p[2] <= 1.0))
print("probes_span", round(probes[-1][0] - probes[0][0], 1) if probes else 0)
print("probes_list", " ".join("%s:%s:%ss" % p for p in probes))
print("first_held", len(held))
print("first_held_max_s", round(max([l for l in held if l is not None] or [0]), 1))
print("first_never_cut", sum(1 for l in first_life if l is None))
print("oldest_open_at_end_s", round(max(open_at_end or [0]), 1))
EOF2
}

# m_robustness URL_BASE DESC GROW_CMD: abuse, then /metrics answers and the
# event counter grew by what GROW_CMD caused after the abuse.
m_robustness()
{
	local base=$1 desc=$2 grow=$3 out before after kv
	local hostport=${base#http://}
	before=$(m_sum "$(curl -s "$base/metrics")" ctrwatch_events_total)
	out=$(m_abuse "${hostport%:*}" "${hostport##*:}")
	kv() { awk -v k="$1" '$1 == k { print $2 }' <<<"$out"; }
	assert_eq "$(kv malformed_answered_2xx)" 0 "$desc: no malformed request gets a 2xx"
	assert_eq "$(kv alive_after_malformed)" 1 "$desc: /metrics answers after malformed requests and huge headers"
	assert_eq "$(kv scrape_during_slowloris)" 1 "$desc: a scrape succeeds while 40 slowloris connections hang ($(kv scrape_during_slowloris_s)s)"
	assert_eq "$(kv slowloris_closed_by_server)" "$(kv slowloris_opened)" "$desc: the server drops every slowloris connection after its timeout"
	assert_eq "$(kv flood_done)" 200 "$desc: 200 concurrent connections all end ($(kv flood_ok) scrapes served in $(kv flood_s)s; the rest refused by the connection limit)"
	if [ "$(kv flood_ok)" -ge 1 ] 2>/dev/null; then
		pass "$desc: scrapes are served during a 200-connection flood"
	else
		fail "$desc: scrapes are served during a 200-connection flood" "$out"
	fi
	assert_eq "$(kv alive_after_flood)" 1 "$desc: /metrics answers after the flood"
	m_trickle_checks "${hostport%:*}" "${hostport##*:}" "$desc"
	eval "$grow"
	sleep 1
	after=$(m_sum "$(curl -s "$base/metrics")" ctrwatch_events_total)
	if [ -n "$after" ] && [ "$after" -gt "$before" ]; then
		pass "$desc: events still counted after the abuse ($before → $after)"
	else
		fail "$desc: events still counted after the abuse" "before $before, after $after"
	fi
}

# m_trickle_checks HOST PORT DESC: the total deadline (10 s) and the
# per-client limit (48) against m_trickle.
m_trickle_checks()
{
	local out kv cut
	out=$(m_trickle "$1" "$2")
	kv() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' <<<"$out"; }
	if [ "$(kv probes)" -ge 6 ] 2>/dev/null && [ "$(kv probes_ok)" = "$(kv probes)" ] &&
		awk -v s="$(kv probes_span)" 'BEGIN { exit !(s >= 12) }'; then
		pass "$3: /healthz from 127.0.0.1 answers 200 within 1 s over $(kv probes_span) s while 64 connections from 127.0.0.2 trickle ($(kv probes_list))"
	else
		fail "$3: /healthz from 127.0.0.1 answers 200 within 1 s over >= 12 s while 64 connections from 127.0.0.2 trickle" "$out"
	fi
	if [ "$(kv first_held)" -ge 1 ] 2>/dev/null && [ "$(kv first_held)" -le 48 ]; then
		pass "$3: the per-client limit lets one address hold $(kv first_held) of its 64 trickle connections (limit 48)"
	else
		fail "$3: the per-client limit lets one address hold between 1 and 48 trickle connections" "$out"
	fi
	if [ "$(kv first_never_cut)" = 0 ] && awk -v m="$(kv first_held_max_s)" -v o="$(kv oldest_open_at_end_s)" \
		'BEGIN { exit !(m > 6 && m <= 12 && o <= 12) }'; then
		pass "$3: the total deadline cuts trickle connections that outlive the idle timeout ($(kv first_held_max_s) s, deadline 10 s)"
	else
		fail "$3: the total deadline cuts trickle connections within 12 s" "$out"
	fi
	# Every held trickle connection was cut: the endpoint counts them.
	cut=$(curl -s --max-time 5 "http://$1:$2/metrics" |
		awk '$1 == "ctrwatch_http_connections_cut_total" { print $2 }')
	if [ -n "$cut" ] && [ "$cut" -ge "$(kv first_held)" ] 2>/dev/null; then
		pass "$3: ctrwatch_http_connections_cut_total counts the cut connections ($cut >= $(kv first_held))"
	else
		fail "$3: ctrwatch_http_connections_cut_total counts the cut connections" "cut '$cut', held $(kv first_held)"
	fi
}

# m_prometheus_start TARGET [SCRAPE_YAML]: Prometheus scraping TARGET every
# second; SCRAPE_YAML (lines indented for the job) adds to the scrape job.
m_prometheus_start()
{
	local target=$1 extra=${2:-} dir
	dir=$ITEST_TMP/prom-${target##*:}
	# A fresh TSDB per target: series of an earlier run must not answer for this one.
	rm -rf "$dir"
	mkdir -p "$dir/data"
	cp dashboards/alerts.yaml "$dir/alerts.yaml"
	cat >"$dir/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - alerts.yaml
scrape_configs:
  - job_name: ctrwatch
    static_configs:
      - targets: ['$target']
$extra
EOF
	prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
		--web.listen-address="127.0.0.1:$M_PORT_PROM" >"$dir/log" 2>&1 &
	M_PROM_PID=$!
	register_pid "$M_PROM_PID"
	if ! m_wait_url "http://127.0.0.1:$M_PORT_PROM/-/ready"; then
		fail "prometheus starts" "$(tail -n 20 "$dir/log")"
		return 1
	fi
}

m_prometheus_stop()
{
	[ -n "$M_PROM_PID" ] || return 0
	kill -TERM "$M_PROM_PID" 2>/dev/null
	wait "$M_PROM_PID" 2>/dev/null
	M_PROM_PID=""
}

# m_query EXPR: the API's JSON answer.
m_query()
{
	curl -s --max-time 10 "http://127.0.0.1:$M_PORT_PROM/api/v1/query" --data-urlencode "query=$1"
}

# m_wait_query EXPR: polls until EXPR returns a non-empty vector (at most 20 s).
m_wait_query()
{
	local waited=0
	while [ "$waited" -lt 40 ]; do
		[ "$(m_query "$1" | jq '.data.result | length' 2>/dev/null)" -gt 0 ] 2>/dev/null && return 0
		sleep 0.5
		waited=$((waited + 1))
	done
	return 1
}

# Every expression of the dashboard, Grafana variables replaced by what a
# user picking this instance would send; then every alert expression.
m_dashboard_exprs()
{
	local instance=$1
	jq -r '[.panels[] | .targets[]?.expr] + [.templating.list[] | select(.type == "query") | .query.query] | .[]' \
		dashboards/ctrwatch.json |
		sed -E -e 's/^label_values\((.*), *[a-z_]+\)$/\1/' \
			-e 's/\$__rate_interval/1m/g' -e 's/\$__range/5m/g' -e 's/\$__interval/15s/g' \
			-e 's/\$job/ctrwatch/g' -e "s/\\\$instance/$instance/g"
}

m_alert_exprs()
{
	python3 -c 'import sys, yaml
for g in yaml.safe_load(open("dashboards/alerts.yaml"))["groups"]:
    for r in g["rules"]:
        print(r["alert"] + "\t" + r["expr"])'
}

# m_check_exprs INSTANCE DESC: every expression parses and the dashboard's
# return data; the escape alert's expression is non-empty (we caused one),
# the health alerts' are empty (nothing is broken).
m_check_exprs()
{
	local instance=$1 desc=$2 expr ans status n name bad=() empty=()
	while IFS= read -r expr; do
		ans=$(m_query "$expr")
		status=$(jq -r .status <<<"$ans" 2>/dev/null)
		n=$(jq '.data.result | length' <<<"$ans" 2>/dev/null)
		[ "$status" = success ] || bad+=("$expr: $(jq -r .error <<<"$ans" 2>/dev/null)")
		# Allowed to be empty: suppressions need a configured exception, and the
		# posture gauge counts containers running now (this test's have exited).
		if [ "$status" = success ] && [ "$n" = 0 ] && [[ $expr != *exceptions_suppressed* ]] &&
			[[ $expr != *container_posture_findings* ]]; then
			empty+=("$expr")
		fi
	done < <(m_dashboard_exprs "$instance")
	if [ ${#bad[@]} -eq 0 ]; then
		pass "$desc: every dashboard expression parses ($(m_dashboard_exprs "$instance" | wc -l))"
	else
		fail "$desc: every dashboard expression parses" "${bad[@]}"
	fi
	if [ ${#empty[@]} -eq 0 ]; then
		pass "$desc: every dashboard expression returns data"
	else
		fail "$desc: every dashboard expression returns data" "${empty[@]}" \
			"samples of ctrwatch_events_total in the last minute: $(m_query "count_over_time(ctrwatch_events_total{instance=\"$instance\",type=\"mount\",severity=\"info\"}[1m])" | jq -c .data.result)" \
			"up samples: $(m_query "count_over_time(up{instance=\"$instance\"}[1m])" | jq -c '.data.result[].value[1]'), min $(m_query "min_over_time(up{instance=\"$instance\"}[1m])" | jq -c '.data.result[].value[1]')" \
			"targets: $(curl -s "http://127.0.0.1:$M_PORT_PROM/api/v1/targets" | jq -c '[.data.activeTargets[] | {scrapeUrl, health, lastError, lastScrape}]')" \
			"now: $(date -u +%FT%T)"
	fi
	while IFS=$'\t' read -r name expr; do
		ans=$(m_query "$expr")
		status=$(jq -r .status <<<"$ans")
		# Only this target's series: the same Prometheus may hold others.
		n=$(jq --arg i "$instance" '[.data.result[] | select(.metric.instance == $i)] | length' <<<"$ans")
		assert_eq "$status" success "$desc: alert $name expression parses"
		case $name in
		CtrwatchContainerEscape)
			if [ "$n" -gt 0 ]; then pass "$desc: $name expression non-empty after the escape"
			else fail "$desc: $name expression non-empty after the escape" "$ans"; fi ;;
		CtrwatchRingBufferLoss | CtrwatchSinkDrops | CtrwatchExporterDown | CtrwatchProgramNotAttached | CtrwatchConsumerStopped)
			assert_eq "$n" 0 "$desc: $name quiet on a healthy collector" ;;
		CtrwatchNodeStoppedReporting | CtrwatchAbsent)
			# Keyed on node or on the job, not on instance: every series counts.
			assert_eq "$(jq '.data.result | length' <<<"$ans")" 0 "$desc: $name quiet on a healthy collector" ;;
		esac
	done < <(m_alert_exprs)
	ans=$(curl -s "http://127.0.0.1:$M_PORT_PROM/api/v1/alerts")
	if jq -e --arg i "$instance" '.data.alerts[] | select(.labels.alertname == "CtrwatchContainerEscape" and .labels.instance == $i and .state == "firing")' <<<"$ans" >/dev/null; then
		pass "$desc: Prometheus fires CtrwatchContainerEscape"
	else
		fail "$desc: Prometheus fires CtrwatchContainerEscape" "$(jq -c '.data.alerts' <<<"$ans" | cut -c1-400)"
	fi
}

m_driver_checks()
{
	local base=http://127.0.0.1:$M_PORT_DRIVER code
	m_build_driver || { fail "metrics_driver builds" "$(tail -n 20 "$ITEST_TMP/driver-build.log")"; return; }
	# Programs attach 1.5 s after the server starts: /healthz must say so meanwhile.
	"$M_DRIVER" "127.0.0.1:$M_PORT_DRIVER" 1500 2>"$ITEST_TMP/driver.log" &
	M_DRV_PID=$!
	register_pid "$M_DRV_PID"
	m_wait_url "$base/healthz" || { fail "metrics_driver serves" "$(cat "$ITEST_TMP/driver.log")"; return; }
	code=$(curl -s -w ' %{http_code}' "$base/healthz")
	if [[ $code == *"not attached"*503 ]]; then
		pass "driver: /healthz 503 naming the unattached programs before attach"
	else
		fail "driver: /healthz 503 naming the unattached programs before attach" "$code"
	fi
	sleep 2
	m_endpoint_checks "$base" driver
	m_promtool_lint "$base/metrics" driver
	m_prometheus_start "127.0.0.1:$M_PORT_DRIVER" || return
	m_wait_query "count_over_time(up{instance=\"127.0.0.1:$M_PORT_DRIVER\"}[1m]) >= 3" ||
		fail "driver: Prometheus scrapes the driver"
	m_wait_query "ctrwatch_events_flagged_total{flag=\"container_escape\"} > 5" ||
		fail "driver: Prometheus scraped the driver's escapes"
	sleep 3
	m_check_exprs "127.0.0.1:$M_PORT_DRIVER" driver
	m_prometheus_stop
	m_robustness "$base" driver "sleep 0.5"
	kill -TERM "$M_DRV_PID"
	wait "$M_DRV_PID"
	assert_eq "$?" 0 "driver: exits 0 on SIGTERM"
	if grep -qiE 'AddressSanitizer|runtime error:' "$ITEST_TMP/driver.log"; then
		fail "driver: runs clean under the sanitizers" "$(head -n 30 "$ITEST_TMP/driver.log")"
	fi
	M_DRV_PID=""
}

# Activity with a known count: failing mounts and unshares as nobody.
m_trigger_host()
{
	local i d=$ITEST_TMP/m-mnt
	mkdir -p "$d"
	for i in 1 2 3; do
		run_trigger --as "$NOBODY" mount none "$d" tmpfs
		run_trigger --as "$NOBODY" unshare mnt
	done
}

# m_first_ready_scrape BASE OUT: polls /healthz every 20 ms; the moment it is
# 200, scrapes /metrics into OUT (run in the background before the start).
m_first_ready_scrape()
{
	local base=$1 out=$2 tries=0
	until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/healthz")" = 200 ]; do
		[ "$tries" -ge 1500 ] && return 1
		sleep 0.02
		tries=$((tries + 1))
	done
	curl -s --max-time 2 "$base/metrics" >"$out"
}

# m_check_first_scrape FILE: every family is there from the first ready scrape
# (the cgroup cache, process cache and posture families used to appear only
# after the first stats publish, 1-2 s later).
m_check_first_scrape()
{
	local file=$1 fam missing=()
	for fam in ctrwatch_cgroup_cache_hits_total ctrwatch_cgroup_cache_misses_total \
		ctrwatch_cgroup_cache_evictions_total ctrwatch_cgroup_cache_walks_total \
		ctrwatch_cgroup_cache_entries ctrwatch_process_cache_entries \
		ctrwatch_process_cache_evictions_total ctrwatch_process_cache_misses_total \
		ctrwatch_containers_known ctrwatch_container_posture_findings \
		ctrwatch_ringbuf_events_total ctrwatch_sink_events_total ctrwatch_program_attached \
		ctrwatch_consumer_running; do
		grep -q "^# TYPE $fam " "$file" || missing+=("$fam")
	done
	if [ -s "$file" ] && [ ${#missing[@]} -eq 0 ]; then
		pass "collector: the scrape right after /healthz turns 200 has every family"
	else
		fail "collector: the scrape right after /healthz turns 200 has every family" \
			"missing: ${missing[*]}" "$(head -c 300 "$file")"
	fi
}

m_collector_checks()
{
	local base=http://127.0.0.1:$M_PORT_CTW scrape v id bdev first=$ITEST_TMP/first-scrape.txt poller
	rm -f "$first"
	m_first_ready_scrape "$base" "$first" &
	poller=$!
	ctw_start --metrics-addr "127.0.0.1:$M_PORT_CTW" || { kill "$poller" 2>/dev/null; return; }
	wait "$poller"
	m_check_first_scrape "$first"
	if ! m_wait_url "$base/metrics"; then
		fail "collector: serves /metrics with --metrics-addr" "$(tail -n 5 "$CTW_ERR")"
		return
	fi
	m_endpoint_checks "$base" collector
	m_promtool_lint "$base/metrics" collector
	m_prometheus_start "127.0.0.1:$M_PORT_CTW" || return
	# Prometheus applies new targets after ~5 s: wait for a few scrapes at zero,
	# so that rate() and increase() see the activity that follows.
	m_wait_query "count_over_time(up{instance=\"127.0.0.1:$M_PORT_CTW\"}[1m]) >= 3" ||
		fail "collector: Prometheus scrapes the collector"
	m_trigger_host
	# A flagged escape: mounting the host's block device from a runc container.
	bdev=$(awk '$2 == "/" { print $1 }' /proc/self/mounts | grep '^/dev/' | head -n 1)
	id=$(hex64)
	ctr_run metrics-escape "$(cg_docker "$id")" --cap CAP_SYS_ADMIN -- \
		sh -c "trigger mount ${bdev:-/dev/vda} /mnt ext4 1; sleep 1"
	sleep 3
	scrape=$(curl -s "$base/metrics")
	v=$(m_value "$scrape" 'ctrwatch_ringbuf_events_total{type="mount"}')
	if [ "${v:-0}" -ge 4 ] 2>/dev/null; then
		pass "collector: BPF counted the 4 mounts caused ($v)"
	else
		fail "collector: BPF counted the 4 mounts caused" "ctrwatch_ringbuf_events_total{type=\"mount\"} = '$v'"
	fi
	v=$(m_value "$scrape" 'ctrwatch_events_flagged_total{flag="container_escape"}')
	if [ "${v:-0}" -ge 1 ] 2>/dev/null; then
		pass "collector: the container escape is counted ($v)"
	else
		fail "collector: the container escape is counted" "value '$v'; container: $CTR_OUT" \
			"its events: $(show_events "$CTW_OUT" "$(f_ctr "$id")" 3)" \
			"trigger's events: $(show_events "$CTW_OUT" '.process.comm == "trigger" and .type == "mount"' 3)"
	fi
	m_wait_query "sum(ctrwatch_events_total{instance=\"127.0.0.1:$M_PORT_CTW\",type=\"unshare\"}) >= 3" ||
		fail "collector: Prometheus sees the 3 unshares" "$(m_query 'sum by (type) (ctrwatch_events_total)' | cut -c1-400)"
	m_wait_query "sum(ctrwatch_events_total{instance=\"127.0.0.1:$M_PORT_CTW\",type=\"mount\"}) >= 4" ||
		fail "collector: Prometheus sees the 4 mounts" "$(m_query 'sum by (type) (ctrwatch_events_total)' | cut -c1-400)"
	m_check_exprs "127.0.0.1:$M_PORT_CTW" collector
	m_prometheus_stop
	m_robustness "$base" collector m_trigger_host
	ctw_stop
}

# A one-page ring buffer overrun, its consumer stopped, by a burst of open_by_handle_at(-1, NULL, 0)
# calls (x86_64 syscall 304; failing calls are reported too): the loss is
# counted, and emitted + lost accounts for every call made. open_by_handle_at,
# not setuid, because little else on a host makes it; what else does (another
# suite) is told apart by pid in the JSON output.
m_loss_checks()
{
	local base=http://127.0.0.1:$M_PORT_CTW n=20000 s0 s1 e0 l0 e1 l1 pid ours
	local sel='{type="open_by_handle_at"}'
	ctw_start --events open_by_handle_at --ringbuf-size 4096 --metrics-addr "127.0.0.1:$M_PORT_CTW" || return
	s0=$(curl -s "$base/metrics")
	e0=$(m_value "$s0" "ctrwatch_ringbuf_events_total$sel")
	l0=$(m_value "$s0" "ctrwatch_ringbuf_events_lost_total$sel")
	# The consumer is stopped during the burst so that the overrun does not
	# depend on how fast it drains a quiet machine's ring buffer.
	kill -STOP "$CTW_PID"
	pid=$(python3 -c "import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
for _ in range($n): libc.syscall(304, -1, None, 0)
print(os.getpid())")
	kill -CONT "$CTW_PID"
	sleep 2
	s1=$(curl -s "$base/metrics")
	e1=$(m_value "$s1" "ctrwatch_ringbuf_events_total$sel")
	l1=$(m_value "$s1" "ctrwatch_ringbuf_events_lost_total$sel")
	if [ "$((l1 - l0))" -gt 0 ]; then
		pass "loss: a 4 KiB ring buffer overrun by $n calls counts lost events ($((l1 - l0)))"
	else
		fail "loss: a 4 KiB ring buffer overrun by $n calls counts lost events" "lost $l0 → $l1, emitted $e0 → $e1"
	fi
	ctw_stop
	# Emitted records all reach the output: ours are those with our pid.
	ours=$(count_events "$CTW_OUT" ".type == \"open_by_handle_at\" and .process.pid == $pid")
	assert_eq "$(count_events "$CTW_OUT" '.type == "open_by_handle_at"')" "$((e1 - e0))" \
		"loss: every emitted record reached the output ($((e1 - e0)))"
	assert_eq "$((ours + l1 - l0))" "$n" \
		"loss: emitted ($ours, by pid) + lost ($((l1 - l0))) = the $n calls made"
}

# Every alert has a runbook_url into a section of docs/operations.md that exists.
m_alert_runbooks()
{
	local out
	out=$(python3 - <<'PY'
import re, yaml
slugs = set()
for line in open("docs/operations.md"):
    m = re.match(r"#+ (.*)", line)
    if m:
        slugs.add(re.sub(r"[^a-z0-9 _-]", "", m.group(1).strip().lower()).replace(" ", "-"))
bad, n = [], 0
for g in yaml.safe_load(open("dashboards/alerts.yaml"))["groups"]:
    for r in g["rules"]:
        n += 1
        url = r.get("annotations", {}).get("runbook_url", "")
        path, _, anchor = url.partition("#")
        if path != "docs/operations.md" or anchor not in slugs:
            bad.append("%s: %r" % (r["alert"], url))
print("ok %d" % n if not bad else "\n".join(bad))
PY
	)
	if [[ $out == ok* ]]; then
		pass "alerts: all ${out#ok } rules have a runbook_url to a docs/operations.md section"
	else
		fail "alerts: every rule has a runbook_url to a docs/operations.md section" "$out"
	fi
	if grep -q 'absent(up{job="ctrwatch"})' dashboards/alerts.yaml && grep -q 'alert: CtrwatchNodeStoppedReporting' dashboards/alerts.yaml; then
		pass "alerts: a node that stopped reporting and a job with no target alert (tested in alerts_test.yaml)"
	else
		fail "alerts: a node that stopped reporting and a job with no target alert"
	fi
}

# The import steps ask only for inputs the dashboard declares in __inputs.
m_dashboard_inputs()
{
	local declared promised missing=() name
	declared=$(jq -r '.__inputs[].name' dashboards/ctrwatch.json)
	promised=$(sed -n '/^## Importing the dashboard/,/^## [^I]/p' dashboards/README.md |
		grep -oE '`[A-Za-z_]+` input' | tr -d '`' | awk '{ print $1 }')
	for name in $promised; do
		grep -qx "$name" <<<"$declared" || missing+=("$name")
	done
	# And every ${NAME} the dashboard uses is a variable or a declared input.
	for name in $(grep -oE '\$\{[A-Za-z_]+' dashboards/ctrwatch.json | tr -d '${' | sort -u); do
		jq -e --arg n "$name" '([.templating.list[].name] + [.__inputs[].name]) | index($n)' \
			dashboards/ctrwatch.json >/dev/null || missing+=("\${$name} (used, never declared)")
	done
	assert_eq "${missing[*]}" "" "dashboard: the README's import inputs and every \${...} are declared"
}

# m_code CAFILE CURL_ARGS...: the HTTP status curl gets over TLS trusting CAFILE (000: none).
m_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$@"; }

# --web-config: the endpoint over TLS with basic auth, as a Prometheus exporter
# serves it; a test CA from the openssl CLI, a bcrypt hash from htpasswd.
m_web_config()
{
	local dir=$ITEST_TMP/webcfg url code out hash
	command -v htpasswd >/dev/null || { fail "htpasswd installed (apache2-utils, scripts/install-deps.sh)"; return; }
	make_test_ca "$dir" || { fail "web config: a test CA" "$(cat "$dir/openssl.log")"; return; }
	hash=$(htpasswd -nbB -C 5 prometheus s3cret | cut -d: -f2)
	cat >"$dir/web.yml" <<-EOF
		tls_server_config:
		  cert_file: server.pem
		  key_file: server.key
		basic_auth_users:
		  prometheus: $hash
	EOF
	ctw_start --metrics-addr "127.0.0.1:$M_PORT_CTW" --web-config "$dir/web.yml" || return
	url=https://localhost:$M_PORT_CTW
	code=$(m_code "$dir/ca.pem" -u prometheus:s3cret "$url/metrics")
	assert_eq "$code" 200 "web config: https with the right password: 200"
	out=$(curl -s --max-time 5 --cacert "$dir/ca.pem" -u prometheus:s3cret "$url/metrics")
	grep -q '^ctrwatch_' <<<"$out" && pass "web config: the metrics come over TLS" ||
		fail "web config: the metrics come over TLS" "$(head -c 300 <<<"$out")"
	assert_eq "$(m_code "$dir/ca.pem" -u prometheus:wrong "$url/metrics")" 401 "web config: a wrong password: 401"
	assert_eq "$(m_code "$dir/ca.pem" "$url/metrics")" 401 "web config: no credentials: 401"
	curl -s -D - -o /dev/null --max-time 5 --cacert "$dir/ca.pem" "$url/metrics" | grep -qi '^WWW-Authenticate: Basic' &&
		pass "web config: 401 carries a Basic challenge" || fail "web config: 401 carries a Basic challenge"
	code=$(m_code "$dir/ca.pem" "$url/healthz")
	[ "$code" = 200 ] || [ "$code" = 503 ] && pass "web config: /healthz answers probes without credentials ($code)" ||
		fail "web config: /healthz answers probes without credentials" "code $code"
	code=$(m_code "$dir/other-ca.pem" -u prometheus:s3cret "$url/metrics")
	assert_eq "$code" 000 "web config: a client trusting another CA does not connect"
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -u prometheus:s3cret "http://127.0.0.1:$M_PORT_CTW/metrics")
	[ "$code" != 200 ] && pass "web config: no plain HTTP on the TLS port ($code)" ||
		fail "web config: no plain HTTP on the TLS port"
	# A real Prometheus scrapes it the way it scrapes a secured exporter.
	printf 's3cret' >"$dir/password"
	m_prometheus_start "localhost:$M_PORT_CTW" "    scheme: https
    tls_config:
      ca_file: $dir/ca.pem
    basic_auth:
      username: prometheus
      password_file: $dir/password" || { ctw_stop; return; }
	m_wait_query "up{instance=\"localhost:$M_PORT_CTW\"} == 1 and on() ctrwatch_build_info" &&
		pass "web config: Prometheus scrapes over https with basic auth (up == 1)" ||
		fail "web config: Prometheus scrapes over https with basic auth" \
			"$(curl -s "http://127.0.0.1:$M_PORT_PROM/api/v1/targets" | jq -c '[.data.activeTargets[] | {scrapeUrl, health, lastError}]')"
	m_prometheus_stop
	ctw_stop
	grep -q "metrics on https://127.0.0.1:$M_PORT_CTW/metrics (basic auth)" "$CTW_ERR" &&
		pass "web config: the start-up log says https and basic auth" ||
		fail "web config: the start-up log says https and basic auth" "$(grep metrics "$CTW_ERR")"
	# --check-config runs the same checks: a plaintext password is refused (exit 2).
	printf 'basic_auth_users:\n  prometheus: s3cret\n' >"$dir/bad.yml"
	out=$("$CTW_BIN" --check-config --web-config "$dir/bad.yml" 2>&1)
	assert_eq "$?" 2 "web config: --check-config refuses a password that is not a bcrypt hash (exit 2)"
	grep -q "bad.yml: basic_auth_users.prometheus: not a bcrypt hash" <<<"$out" &&
		pass "web config: the message names the file and the user" ||
		fail "web config: the message names the file and the user" "$out"
	# ... and a key that is not the certificate's, which the server could not load.
	printf 'tls_server_config:\n  cert_file: server.pem\n  key_file: client.key\n' >"$dir/mismatch.yml"
	out=$("$CTW_BIN" --check-config --web-config "$dir/mismatch.yml" 2>&1)
	assert_eq "$?" 2 "web config: --check-config refuses a key that does not match the certificate (exit 2)"
	grep -q "cert_file and key_file" <<<"$out" && pass "web config: the message says which keys" ||
		fail "web config: the message says which keys" "$out"
}

family_metrics()
{
	command -v promtool >/dev/null || { fail "promtool installed (scripts/install-deps.sh)"; return; }
	command -v prometheus >/dev/null || { fail "prometheus installed (scripts/install-deps.sh)"; return; }
	command -v curl >/dev/null || { fail "curl installed"; return; }
	local out
	out=$(promtool check rules dashboards/alerts.yaml 2>&1) && pass "promtool check rules alerts.yaml" ||
		fail "promtool check rules alerts.yaml" "$out"
	out=$(cd dashboards && promtool test rules alerts_test.yaml 2>&1) &&
		pass "promtool test rules: every alert fires on synthetic series" ||
		fail "promtool test rules: every alert fires on synthetic series" "$out"
	if jq -e '.schemaVersion >= 36 and ([.templating.list[].name] | index("datasource") and index("instance"))' \
		dashboards/ctrwatch.json >/dev/null; then
		pass "dashboard: schemaVersion >= 36 with datasource and instance variables"
	else
		fail "dashboard: schemaVersion >= 36 with datasource and instance variables"
	fi
	m_alert_runbooks
	m_dashboard_inputs
	m_driver_checks
	m_collector_checks
	m_loss_checks
	m_web_config
}
