#!/usr/bin/env bash
# By-hand reproduction: 3 members of faultline-nats:2.9, no harness.
set -u
net=i26b-repro
docker network create --label i26b=1 $net >/dev/null 2>&1 || true
conf() { printf 'server_name: %s\nlisten: 0.0.0.0:4222\nhttp: 0.0.0.0:8222\njetstream {\n  store_dir: "/data/nats"\n}\ncluster {\n  name: faultline\n  listen: 0.0.0.0:6222\n  routes: [nats://n1:6222,nats://n2:6222,nats://n3:6222]\n}\ndebug: true\n' "$1"; }
for n in n1 n2 n3; do
  docker rm -f i26b-$n >/dev/null 2>&1
  docker run -d --name i26b-$n --label i26b=1 --network $net --network-alias $n --entrypoint sh faultline-nats:2.9 \
    -c "mkdir -p /etc/nats && printf '%s' \"\$0\" > /etc/nats/nats.conf && exec /usr/sbin/nats-server -c /etc/nats/nats.conf >>/tmp/node.log 2>&1" "$(conf $n)" >/dev/null
done
