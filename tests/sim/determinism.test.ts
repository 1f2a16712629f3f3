/** Determinism and the accuracy model (docs/design/architecture.md §7), measured over real HTTP. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, describe, expect, test } from "vitest";
import type { SimConfigInput } from "../../src/core/index.js";
import { caseDifficulty, perturbProbability, startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { chatBody, responsesBody, type Shape } from "./request-bodies.js";
import { TICKET_SCHEMA, jsonKey, parseSse, postJson, routingIndex, simInfo, textKey, toolKey } from "./sim-client.js";

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(config: SimConfigInput, cases = 20): Promise<RunningSimulator> {
  const sim = await startSimulator(config, routingIndex(cases), { clock: () => Date.UTC(2026, 0, 1) });
  running.push(sim);
  return sim;
}

const user = (shape: Shape, i: number) => (shape === "text" ? textKey(i) : shape === "tools" ? toolKey(i) : jsonKey(i));

async function send(sim: RunningSimulator, api: "chat" | "responses", shape: Shape, i: number, repeat: number | null, model: string, stream = false) {
  const o = { model, user: user(shape, i), shape, stream };
  const headers: Record<string, string> = repeat === null ? {} : { "x-evalgate-attempt": `${shape}-${i}/${repeat}` };
  return postJson(sim.url, api === "chat" ? "/chat/completions" : "/responses", api === "chat" ? chatBody(o) : responsesBody(o), headers);
}

/** The visible reply of either API, whatever its kind: text, refusal or tool arguments. */
function replyOf(api: "chat" | "responses", text: string): string {
  const body = JSON.parse(text);
  if (api === "chat") {
    const m = body.choices[0].message;
    return m.tool_calls?.[0]?.function.arguments ?? m.refusal ?? m.content;
  }
  const item = body.output.find((o: { type: string }) => o.type !== "reasoning");
  if (!item) return "";
  if (item.type === "function_call") return item.arguments;
  return item.content[0].text ?? item.content[0].refusal;
}

test("the same seed and requests, sent one at a time, give byte-identical bodies, ids included", async () => {
  const config: SimConfigInput = { seed: 5, models: { m: { accuracy: 0.6 } } };
  const runs: string[][] = [];
  for (const sim of [await start(config), await start(config)]) {
    const bodies: string[] = [];
    for (const api of ["chat", "responses"] as const) {
      for (const shape of ["text", "json_loose", "tools"] as const) {
        for (let i = 0; i < 6; i++) {
          bodies.push((await send(sim, api, shape, i, null, "m")).text);
          bodies.push((await send(sim, api, shape, i, null, "m", true)).text);
        }
      }
    }
    runs.push(bodies);
  }
  expect(runs[0]!.length).toBe(72);
  expect(runs[1]).toEqual(runs[0]);
  // Every response has an id of its own.
  expect(new Set(runs[0]!.map((b) => /"id":"([^"]+)"/.exec(b)?.[1])).size).toBe(72);
});

test("repeats of a case differ as the accuracy says: the perturbed share matches (1 − accuracy) × difficulty", async () => {
  const accuracy = 0.7;
  const sim = await start({ seed: 9, models: { m: { accuracy } } }, 40);
  const repeats = 25;
  let perturbed = 0;
  let expected = 0;
  for (let i = 0; i < 40; i++) {
    expected += repeats * perturbProbability(accuracy, caseDifficulty(9, `json-${i}`));
    for (let r = 0; r < repeats; r++) {
      if (simInfo(await send(sim, "chat", "json_strict", i, r, "m")).perturbation !== "none") perturbed++;
    }
  }
  const n = 40 * repeats;
  // Binomial standard deviation on 1,000 draws is under 1.6 points; allow 4 points.
  expect(Math.abs(perturbed - expected) / n).toBeLessThan(0.04);
  expect(perturbed / n).toBeGreaterThan(0.15);
  expect(perturbed / n).toBeLessThan(0.45);
});

describe("difficulty", () => {
  test("averages 1 across cases, with most cases easy and a few hard", () => {
    const d = Array.from({ length: 20_000 }, (_, i) => caseDifficulty(1, `case-${i}`));
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(mean).toBeGreaterThan(0.97);
    expect(mean).toBeLessThan(1.03);
    expect(d.filter((x) => x < 1).length / d.length).toBeGreaterThan(0.6);
    expect(d.filter((x) => x > 3).length / d.length).toBeGreaterThan(0.03);
  });

  test("is shared by models, so two models fail the same hard cases more often than chance", async () => {
    const sim = await start({ seed: 4, models: { a: { accuracy: 0.6 }, b: { accuracy: 0.6 } } }, 60);
    let both = 0, onlyA = 0, onlyB = 0, n = 0;
    for (let i = 0; i < 60; i++) {
      for (let r = 0; r < 4; r++, n++) {
        const a = simInfo(await send(sim, "chat", "json_strict", i, r, "a")).perturbation !== "none";
        const b = simInfo(await send(sim, "chat", "json_strict", i, r, "b")).perturbation !== "none";
        if (a && b) both++;
        else if (a) onlyA++;
        else if (b) onlyB++;
      }
    }
    const pA = (both + onlyA) / n, pB = (both + onlyB) / n;
    expect(both / n).toBeGreaterThan(pA * pB * 1.2);
  });
});

test("the same model answers the same case and repeat alike through both APIs", async () => {
  const sim = await start({ seed: 2, models: { m: { accuracy: 0.5 } } });
  let compared = 0;
  for (const shape of ["text", "json_loose", "tools"] as const) {
    for (let i = 0; i < 10; i++) {
      for (let r = 0; r < 3; r++) {
        const chat = await send(sim, "chat", shape, i, r, "m");
        const resp = await send(sim, "responses", shape, i, r, "m");
        expect(simInfo(resp).perturbation).toBe(simInfo(chat).perturbation);
        expect(replyOf("responses", resp.text)).toBe(replyOf("chat", chat.text));
        compared++;
      }
    }
  }
  expect(compared).toBe(90);
});

test("without the attempt header, repeats count per API, so both APIs see repeat 0, 1, 2 alike", async () => {
  const sim = await start({ seed: 2, models: { m: { accuracy: 0.5 } } });
  const chat: string[] = [], resp: string[] = [];
  for (let r = 0; r < 3; r++) chat.push(simInfo(await send(sim, "chat", "json_loose", 1, null, "m")).repeat!);
  for (let r = 0; r < 3; r++) resp.push(simInfo(await send(sim, "responses", "json_loose", 1, null, "m")).repeat!);
  expect(chat).toEqual(["0", "1", "2"]);
  expect(resp).toEqual(["0", "1", "2"]);
});

test("faults draw from their own stream: adding faults changes no answer", async () => {
  const clean = await start({ seed: 8, models: { m: { accuracy: 0.5 } } });
  const faulty = await start({ seed: 8, models: { m: { accuracy: 0.5, faults: { rate_limit: 0.3, server_error: 0.2, timeout: 0, broken_stream: 0 } } } });
  let answered = 0;
  for (let i = 0; i < 20; i++) {
    const a = await send(clean, "chat", "json_loose", i, 0, "m");
    const b = await send(faulty, "chat", "json_loose", i, 0, "m");
    if (b.status !== 200) continue;
    expect(replyOf("chat", b.text)).toBe(replyOf("chat", a.text));
    answered++;
  }
  expect(answered).toBeGreaterThan(5);
  expect(answered).toBeLessThan(20);
});

test("a retried attempt draws a fresh fault but the same answer", async () => {
  const sim = await start({ seed: 8, models: { m: { accuracy: 0.5, faults: { rate_limit: 0.5, server_error: 0, timeout: 0, broken_stream: 0 } } } });
  for (let i = 0; i < 10; i++) {
    const tries = [];
    for (let t = 0; t < 12; t++) {
      const res = await send(sim, "chat", "json_loose", i, 0, "m");
      tries.push(res);
      if (res.status === 200) break;
    }
    expect(tries.at(-1)!.status).toBe(200);
  }
});

test("a strict schema's complete replies always validate against it, over many perturbed draws", async () => {
  const sim = await start({ seed: 13, models: { m: { accuracy: 0 } } }, 30);
  const validate = new Ajv2020({ strict: false }).compile(TICKET_SCHEMA);
  let checked = 0;
  for (const api of ["chat", "responses"] as const) {
    for (let i = 0; i < 30; i++) {
      for (let r = 0; r < 4; r++) {
        const res = await send(sim, api, "json_strict", i, r, "m");
        const info = simInfo(res);
        if (info.finish !== "stop" || info.perturbation === "refusal") continue;
        expect(validate(JSON.parse(replyOf(api, res.text))), `${api} ${i}/${r} ${info.perturbation}`).toBe(true);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(150);
});

test("a streamed reply carries the same text as the non-streamed one", async () => {
  const sim = await start({ seed: 1, models: { m: { accuracy: 0.5 } } });
  const body = JSON.parse((await send(sim, "chat", "text", 3, 0, "m")).text);
  const stream = await send(sim, "chat", "text", 3, 0, "m", true);
  const text = parseSse(stream.text).filter((m) => m.data !== "[DONE]").map((m) => JSON.parse(m.data).choices[0]?.delta.content ?? "").join("");
  expect(text).toBe(body.choices[0].message.content ?? "");
});
