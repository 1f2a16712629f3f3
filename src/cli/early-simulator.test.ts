import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnSimulatorEarly } from "./early-simulator.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-early-sim-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function suite(name: string, target: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nprompts: [{ id: p, input: hi }]\ntargets:\n  - ${target}\ncases: [{ id: a }]\n`);
  return file;
}

describe("the simulator's thread spawned before the run's modules load", () => {
  it("is spawned for --sim and for a suite whose text names base_url: sim (flow or block style, quoted or not)", async () => {
    for (const target of ["{ id: t, api: chat, model: m, base_url: sim }", '{ id: t, api: chat, model: m, base_url: "sim" }', "id: t\n    base_url: sim\n    api: chat"]) {
      const pending = spawnSimulatorEarly(suite("named", target), {});
      expect(pending, target).toBeDefined();
      await pending?.close();
    }
    const forced = spawnSimulatorEarly(suite("forced", "{ id: t, api: chat, model: m }"), { sim: true });
    expect(forced).toBeDefined();
    await forced?.close();
  });

  it("is not spawned for a suite on a real endpoint, a resumed run, or a suite that cannot be read (the run says why)", () => {
    expect(spawnSimulatorEarly(suite("real", '{ id: t, api: chat, model: m, base_url: "https://api.example.com/v1" }'), {})).toBeUndefined();
    expect(spawnSimulatorEarly(suite("simple", "{ id: t, api: chat, model: m, base_url: simple-proxy }"), {})).toBeUndefined();
    expect(spawnSimulatorEarly(suite("resumed", "{ id: t, api: chat, model: m, base_url: sim }"), { resume: "latest" })).toBeUndefined();
    expect(spawnSimulatorEarly(join(dir, "missing.yaml"), {})).toBeUndefined();
  });
});
