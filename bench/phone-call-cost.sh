#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# phone-call-cost.sh: CPU seconds per call-minute and peak memory of two wcc-sim phones in one
# call on loopback, next to two baresip phones doing the same call in the same run.
#
# Usage: bench/phone-call-cost.sh [SECONDS] (default 60)
# Environment: WCC_SIM (the wcc-sim binary; default: the newest of build-sim/, build/ and
# _build/, else PATH), CODECS (default "PCMU opus").
set -euo pipefail

duration=${1:-60}
codecs=${CODECS:-PCMU opus}
here=$(cd "$(dirname "$0")/.." && pwd)

if [[ ! $duration =~ ^[0-9]+$ ]] || (( duration < 5 )); then
  echo "phone-call-cost.sh: SECONDS must be a whole number of at least 5" >&2
  exit 2
fi
sim=${WCC_SIM:-}
if [[ -z $sim ]]; then
  # the newest build's: a stale build dir beside the current one measured old code
  for dir in build-sim build _build; do
    candidate=$here/$dir/src/sim/wcc-sim
    if [[ -x $candidate && ( -z $sim || $candidate -nt $sim ) ]]; then sim=$candidate; fi
  done
fi
sim=${sim:-$(command -v wcc-sim || true)}
for tool in "$sim" /usr/bin/time baresip awk; do
  if [[ -z $tool ]] || ! command -v "$tool" >/dev/null; then
    echo "phone-call-cost.sh: missing ${tool:-wcc-sim} (build wcc-sim; apt-get install baresip-core time)" >&2
    exit 2
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SU_DEBUG=0 TPORT_DEBUG=0 NTA_DEBUG=0 NUA_DEBUG=0
port=$(( 20000 + RANDOM % 20000 ))

# "user sys maxrss_kib" from a /usr/bin/time -v report.
time_figures() {
  awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
              END {print u, s, r}' "$1"
}

# One row: name side codec user sys rss
rows=()
add_row() {
  local name=$1 side=$2 codec=$3 file=$4
  read -r user sys rss < <(time_figures "$file")
  rows+=("$name $side $codec $user $sys $rss")
}

run_wcc_sim() {
  local codec=$1 p=$((port += 10))
  local dir=$work/wcc-sim-$codec
  mkdir -p "$dir"
  /usr/bin/time -v -o "$dir/callee.time" "$sim" --bind "127.0.0.1:$p" --answer --tone 1000 \
    --codec "$codec" --quiet >"$dir/callee.log" 2>&1 &
  local callee=$!
  sleep 0.5
  if ! /usr/bin/time -v -o "$dir/caller.time" "$sim" --call "sip:callee@127.0.0.1:$p" \
      --tone 440 --codec "$codec" --duration "$duration" --quiet >"$dir/caller.log" 2>&1; then
    echo "phone-call-cost.sh: the wcc-sim call with $codec failed:" >&2
    cat "$dir/caller.log" >&2
    exit 1
  fi
  # set -e would end the script here without a word.
  if ! wait "$callee"; then
    echo "phone-call-cost.sh: the wcc-sim callee with $codec failed:" >&2
    cat "$dir/callee.log" "$dir/callee.time" >&2
    exit 1
  fi
  add_row wcc-sim caller "$codec" "$dir/caller.time"
  add_row wcc-sim callee "$codec" "$dir/callee.time"
}

baresip_config() {
  local dir=$1 user=$2 p=$3 freq=$4 codec=$5
  mkdir -p "$dir"
  cat >"$dir/config" <<EOF
poll_method epoll
sip_listen 127.0.0.1:$p
net_interface 127.0.0.1
audio_source ausine,$freq
audio_player aubridge,nil
audio_alert aubridge,nil
ausrc_srate 48000
ausrc_channels 2
auplay_srate 48000
auplay_channels 2
module_path /usr/lib/baresip/modules
module g711.so
module opus.so
module ausine.so
module aubridge.so
module_app account.so
module_app menu.so
EOF
  # baresip names codecs with their rate and channels; a bare "opus" matches nothing and
  # it silently falls back to PCMU.
  local spec=$codec
  [[ $codec == opus ]] && spec=opus/48000/2
  echo "<sip:$user@127.0.0.1:$p>;regint=0;answermode=auto;audio_codecs=$spec" >"$dir/accounts"
  : >"$dir/contacts"
}

run_baresip() {
  local codec=$1 p=$((port += 10))
  local dir=$work/baresip-$codec
  # Each instance also takes PORT+1 (TLS): the two are 5 apart.
  baresip_config "$dir/callee" callee "$p" 1000 "$codec"
  baresip_config "$dir/caller" caller "$((p + 5))" 440 "$codec"
  /usr/bin/time -v -o "$dir/callee.time" baresip -f "$dir/callee" -t "$((duration + 2))" \
    >"$dir/callee.log" 2>&1 &
  local callee=$!
  sleep 0.5
  /usr/bin/time -v -o "$dir/caller.time" baresip -f "$dir/caller" -t "$duration" \
    -e "/dial sip:callee@127.0.0.1:$p" >"$dir/caller.log" 2>&1
  wait "$callee" || true
  if ! grep -q "Call established" "$dir/caller.log"; then
    echo "phone-call-cost.sh: the baresip call with $codec was not established:" >&2
    tail -n 20 "$dir/caller.log" >&2
    exit 1
  fi
  # Compare like with like: the call must really have used the codec asked for.
  if ! grep -qi "Set audio encoder: $codec " "$dir/caller.log"; then
    echo "phone-call-cost.sh: baresip did not encode with $codec:" >&2
    grep -i "audio encoder\|codec" "$dir/caller.log" >&2
    exit 1
  fi
  add_row baresip caller "$codec" "$dir/caller.time"
  add_row baresip callee "$codec" "$dir/callee.time"
}

for codec in $codecs; do
  echo "Measuring a ${duration}-second $codec call: wcc-sim ($sim), then baresip…" >&2
  run_wcc_sim "$codec"
  run_baresip "$codec"
done

printf '%s\n' "${rows[@]}" | awk -v minutes="$(awk -v d="$duration" 'BEGIN {print d / 60}')" \
                                  -v duration="$duration" -v cores="$(nproc)" '
  {
    cpu = ($4 + $5) / minutes
    key = $2 " " $3
    if ($1 == "wcc-sim") { wcpu[key] = cpu; wrss[key] = $6 } else { bcpu[key] = cpu; brss[key] = $6 }
    order[++n] = key
    line[n] = sprintf("%-8s %-7s %-5s %10.2f %8.2f %8.2f %10.1f", $1, $2, $3, $4, $5, cpu, $6 / 1024)
  }
  END {
    printf "Call of %d s on loopback, %d cores; CPU-s per call-minute = (user + sys) / call minutes\n\n",
           duration, cores
    printf "%-8s %-7s %-5s %10s %8s %8s %10s\n", "phone", "side", "codec", "user s", "sys s",
           "CPU-s/min", "peak MiB"
    for (i = 1; i <= n; i++) print line[i]
    printf "\nRatios wcc-sim / baresip (same side, same codec)\n"
    printf "%-7s %-5s %8s %8s\n", "side", "codec", "CPU", "memory"
    for (i = 1; i <= n; i++) {
      k = order[i]
      if ((k in seen) || !(k in wcpu) || !(k in bcpu)) continue
      seen[k] = 1
      split(k, parts, " ")
      printf "%-7s %-5s %8.2f %8.2f\n", parts[1], parts[2],
             (bcpu[k] > 0 ? wcpu[k] / bcpu[k] : 0), (brss[k] > 0 ? wrss[k] / brss[k] : 0)
    }
  }'
