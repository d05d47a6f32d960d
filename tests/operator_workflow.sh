#!/usr/bin/env bash
# An operator's workflow as a CI pipeline would script it: every step through
# `robustmqctl -o json | jq -e`, which fails the script when an answer is not what it should be.
# Usage: ROBUSTMQ_ADDR=http://127.0.0.1:8080 tests/operator_workflow.sh path/to/robustmqctl
set -euo pipefail
ctl="$1"

step() { echo "== $*" >&2; }

step "the node is ready"
"$ctl" -o json node status | jq -e '.status == "ok"' >/dev/null

step "the cluster has one live node that leads every group (its first heartbeat may take a moment)"
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if "$ctl" -o json cluster show |
    jq -e '.nodes[0].node_id as $id
           | (.nodes | length) == 1 and .nodes[0].liveness == "alive"
           and (.groups | length) > 0 and ([.groups[].leader_id] | all(. == $id))' >/dev/null; then
    break
  fi
  [ "$attempt" -lt 10 ] || { "$ctl" -o json cluster show >&2; exit 1; }
  sleep 0.5
done

step "the status stream reports the node alive and the leader of the metadata group"
"$ctl" -o json cluster status --watch --count 2 --interval-ms 200 |
  jq -es 'length == 2 and all(.[]; .nodes[0].liveness == "alive"
            and any(.nodes[0].raft[]; .group == "metadata" and .role == "leader"))' >/dev/null

step "no connector types are available, and creating one says so with exit code 1"
"$ctl" -o json connector list | jq -e '.available_types == [] and .connectors == []' >/dev/null
if "$ctl" connector create sink --type s3 2>/dev/null; then
  echo "creating a connector of an unavailable type succeeded" >&2
  exit 1
fi

step "a device user, a rule that keeps it in its own topics, and a ban"
ROBUSTMQ_USER_PASSWORD=s3cret "$ctl" -o json user create device-7 |
  jq -e '.username == "device-7" and .superuser == false and (has("password") | not)' >/dev/null
"$ctl" -o json acl create own-topics --topic 'devices/${username}/#' --permission allow --username device-7 |
  jq -e '.who == "username" and .action == "all"' >/dev/null
"$ctl" -o json blacklist add --ip 192.0.2.1 --reason "test net" | jq -e '.kind == "ip"' >/dev/null
"$ctl" -o json user list | jq -e '[.users[].username] == ["device-7"]' >/dev/null
"$ctl" -o json acl list | jq -e '.rules | length == 1' >/dev/null
"$ctl" -o json blacklist delete --ip 192.0.2.1 | jq -e '.deleted == true' >/dev/null
"$ctl" -o json blacklist list | jq -e '.bans == []' >/dev/null

step "topic rewrite rules: one added last, one inserted first, one deleted"
"$ctl" -o json rewrite add --action subscribe --source 'legacy/#' --regex '^legacy/(.+)$' --dest 'v2/$1' |
  jq -e '.rules | length == 1' >/dev/null
"$ctl" -o json rewrite add --action publish --source 'raw/+' --regex '^raw/(.+)$' --dest 'devices/$1/raw' --position 0 |
  jq -e '[.rules[].source] == ["raw/+", "legacy/#"]' >/dev/null
"$ctl" -o json rewrite delete 1 | jq -e '[.rules[].action] == ["publish"]' >/dev/null
"$ctl" -o json rewrite delete 0 | jq -e '.rules == []' >/dev/null

step "auto-subscribe rules: one added, one inserted first, both deleted"
"$ctl" -o json auto-subscribe add --filter 'broadcast/#' | jq -e '.rules[0].qos == 0' >/dev/null
"$ctl" -o json auto-subscribe add --filter 'cmd/${clientid}' --qos 1 --position 0 |
  jq -e '[.rules[].filter] == ["cmd/${clientid}", "broadcast/#"]' >/dev/null
"$ctl" auto-subscribe list | grep -q 'cmd/${clientid}'
"$ctl" -o json auto-subscribe delete 0 | jq -e '[.rules[].filter] == ["broadcast/#"]' >/dev/null
"$ctl" -o json auto-subscribe delete 0 | jq -e '.rules == []' >/dev/null

step "create a topic on segment storage"
"$ctl" -o json topic create orders --storage EngineSegment --partitions 2 --fsync always |
  jq -e '.storage == "EngineSegment" and .partitions == 2
         and ([.partition_status[].shard] == ["orders#0", "orders#1"])' >/dev/null

step "its shards show up under their storage type"
"$ctl" -o json storage list |
  jq -e '.storage[] | select(.storage == "EngineSegment") | .shards >= 2' >/dev/null

step "the node's effective config names its MQTT port"
"$ctl" -o json config get | jq -e '.toml | contains("[mqtt]")' >/dev/null

step "it is listed"
"$ctl" -o json topic list | jq -e '[.topics[].name] == ["orders"]' >/dev/null

step "creating it again fails with exit code 1"
set +e
"$ctl" topic create orders 2>/dev/null
code=$?
set -e
[ "$code" -eq 1 ] || { echo "expected exit 1, got $code" >&2; exit 1; }

step "describing a missing topic fails with exit code 1"
set +e
"$ctl" -o json topic describe missing 2>/dev/null
code=$?
set -e
[ "$code" -eq 1 ] || { echo "expected exit 1, got $code" >&2; exit 1; }

step "delete it; the list is empty"
"$ctl" -o json topic delete orders | jq -e '.deleted == true' >/dev/null
"$ctl" -o json topic list | jq -e '.topics | length == 0' >/dev/null

echo "operator workflow: ok" >&2
