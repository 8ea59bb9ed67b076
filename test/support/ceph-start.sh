#!/bin/bash
# Single-node, loopback-only Ceph (mon + memstore OSD) + RADOS Gateway (S3) for tests.
# Adapted from the workplace reference script ceph-rgw-start.sh: everything lives under $CEPH_DIR and the mon and
# gateway ports are parameters, so two test runs (or two engineers) on one machine do not collide.
# Usage: CEPH_DIR=/tmp/x CEPH_MON_PORT=16789 CEPH_RGW_PORT=17480 ceph-start.sh
# Prints one line: "endpoint=http://127.0.0.1:<port> access=<key> secret=<secret>" when the gateway answers.
set -euo pipefail
D=${CEPH_DIR:?CEPH_DIR is required}
MON_PORT=${CEPH_MON_PORT:-6789}
RGW_PORT=${CEPH_RGW_PORT:-7480}
ACCESS=${CEPH_ACCESS_KEY:-AJARTESTACCESS}
SECRET=${CEPH_SECRET_KEY:-AJARTESTSECRET}
rm -rf "$D"; mkdir -p "$D"/{mon.a,osd.0,rgw,log}
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > "$D/ceph.conf" <<CONF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon allow pool delete = true
osd crush chooseleaf type = 0
mon warn on pool no redundancy = false
run dir = $D
log file = $D/log/\$name.log
admin socket = $D/\$name.asok
pid file = $D/\$name.pid
[mon.a]
mon data = $D/mon.a
public addr = v1:127.0.0.1:$MON_PORT
[osd.0]
osd data = $D/osd.0
osd objectstore = memstore
memstore device bytes = 1073741824
osd max object name len = 460
osd max object namespace len = 64
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $D/rgw
rgw dns name = localhost
CONF
export CEPH_CONF="$D/ceph.conf"
ceph-mon --mkfs -i a --fsid "$FSID" -c "$CEPH_CONF"
ceph-mon -i a -c "$CEPH_CONF"
for i in $(seq 100); do ceph -c "$CEPH_CONF" --connect-timeout 2 mon stat >/dev/null 2>&1 && break; sleep 0.2; done
OSD_ID=$(ceph -c "$CEPH_CONF" --connect-timeout 20 osd create)
ceph-osd -i "$OSD_ID" --mkfs -c "$CEPH_CONF" 2>/dev/null
# A freshly started OSD sometimes asks the monitor before it has learnt the fsid ("wrong fsid") and
# exits: start it again.
for attempt in 1 2 3 4 5; do
  ceph-osd -i "$OSD_ID" -c "$CEPH_CONF" 2>>"$D/log/osd-start.err" && break
  [ $attempt = 5 ] && { cat "$D/log/osd-start.err" >&2; exit 1; }
  sleep 1
done
for i in $(seq 150); do ceph -c "$CEPH_CONF" osd stat 2>/dev/null | grep -q '1 up' && break; sleep 0.2; done
radosgw -n client.rgw.a -c "$CEPH_CONF"
up=0
for i in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$RGW_PORT/" && { up=1; break; }; sleep 0.2; done
[ $up = 1 ] || { echo "radosgw did not answer on 127.0.0.1:$RGW_PORT; see $D/log" >&2; exit 1; }
# On a busy machine the gateway may still be creating its pools: try the user a few times.
for attempt in 1 2 3 4 5; do
  radosgw-admin -c "$CEPH_CONF" user create --uid=ajar-test --display-name=ajar-test --access-key="$ACCESS" --secret-key="$SECRET" >/dev/null 2>>"$D/log/user-create.err" && break
  [ $attempt = 5 ] && { echo "radosgw-admin user create failed:" >&2; tail -5 "$D/log/user-create.err" >&2; exit 1; }
  sleep 2
done
echo "endpoint=http://127.0.0.1:$RGW_PORT access=$ACCESS secret=$SECRET"
