#!/bin/bash
# Stops what ceph-start.sh started under $CEPH_DIR (by pid file, never by name) and removes the folder.
D=${CEPH_DIR:?CEPH_DIR is required}
for n in client.rgw.a osd.0 mon.a; do [ -f "$D/$n.pid" ] && kill "$(cat "$D/$n.pid")" 2>/dev/null; done
for i in $(seq 100); do
  ok=1
  for n in client.rgw.a osd.0 mon.a; do [ -f "$D/$n.pid" ] && kill -0 "$(cat "$D/$n.pid")" 2>/dev/null && ok=0; done
  [ $ok = 1 ] && break; sleep 0.2
done
for n in client.rgw.a osd.0 mon.a; do [ -f "$D/$n.pid" ] && kill -9 "$(cat "$D/$n.pid")" 2>/dev/null; done
rm -rf "$D"
exit 0
