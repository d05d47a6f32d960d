#!/usr/bin/env node
// MQTT.js (the npm package `mqtt`, a client nobody here wrote) against a running robustmqd:
// connect, subscribe, QoS 0/1/2, a retained message, a will, and a persistent session resumed
// with what was published while it was away, over the URL given (ws://…/mqtt or wss://…/mqtt).
//
// Usage: node mqttjs_round.js URL [CAFILE]
// Exits 0 when the broker behaved; otherwise prints what differed and exits 1.
// tests/transports.rs runs it; scripts/setup.sh installs the package (tests/clients/package.json).

"use strict";
const fs = require("fs");
const assert = require("assert");
const mqtt = require("mqtt");

const [url, cafile] = process.argv.slice(2);
const WAIT_MS = 10000;
const base = {
  protocolVersion: 5,
  reconnectPeriod: 0,
  connectTimeout: WAIT_MS,
  ca: cafile ? fs.readFileSync(cafile) : undefined,
  rejectUnauthorized: true,
};

function connect(clientId, extra = {}) {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { ...base, clientId, ...extra });
    client.messages = [];
    client.on("message", (topic, payload, packet) =>
      client.messages.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain }),
    );
    client.once("connect", (connack) => resolve([client, connack]));
    client.once("error", reject);
  });
}

async function expect(client, n) {
  const deadline = Date.now() + WAIT_MS;
  while (client.messages.length < n) {
    assert.ok(Date.now() < deadline, `expected ${n} messages, got ${JSON.stringify(client.messages)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return client.messages.splice(0, n);
}

async function main() {
  const [sub] = await connect("js-sub");
  await sub.subscribeAsync("js/q/#", { qos: 2 });
  const [pub] = await connect("js-pub");
  for (const qos of [0, 1, 2]) {
    await pub.publishAsync(`js/q/${qos}`, `m${qos}`, { qos });
  }
  const got = (await expect(sub, 3)).map((m) => [m.topic, m.payload, m.qos]).sort();
  assert.deepStrictEqual(got, [["js/q/0", "m0", 0], ["js/q/1", "m1", 1], ["js/q/2", "m2", 2]]);

  await pub.publishAsync("js/r", "kept", { qos: 1, retain: true });
  const [late] = await connect("js-late");
  await late.subscribeAsync("js/r", { qos: 1 });
  const [retained] = await expect(late, 1);
  assert.ok(retained.retain && retained.payload === "kept", JSON.stringify(retained));

  await sub.subscribeAsync("js/will", { qos: 1 });
  const [dying] = await connect("js-dying", { will: { topic: "js/will", payload: "gone", qos: 1 } });
  await dying.endAsync(false, { reasonCode: 0x04 });
  const [will] = await expect(sub, 1);
  assert.strictEqual(will.payload, "gone");

  const persistent = { clean: false, properties: { sessionExpiryInterval: 3600 } };
  const [away] = await connect("js-persist", persistent);
  await away.subscribeAsync("js/p/#", { qos: 1 });
  await away.endAsync();
  for (const i of [1, 2, 3]) {
    await pub.publishAsync(`js/p/${i}`, `p${i}`, { qos: 1 });
  }
  const [back, connack] = await connect("js-persist", persistent);
  assert.ok(connack.sessionPresent, "session not resumed");
  const queued = (await expect(back, 3)).map((m) => m.payload).sort();
  assert.deepStrictEqual(queued, ["p1", "p2", "p3"]);

  for (const c of [sub, pub, late, back]) {
    await c.endAsync();
  }
  console.log(`mqtt.js round over ${url}: ok`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  },
);
