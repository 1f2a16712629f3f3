/**
 * Image parts end to end: the real CLI on tests/fixtures/images/receipts.yaml (each case names
 * its PNG in a dataset column), the simulator on a random loopback port, both APIs, a real
 * SQLite file. Prompt tokens include the vision guide's image tokens; each image is stored
 * once, and every stored raw request names it by hash instead of carrying its data URL.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/core/index.js";
import { IMAGE_REF_PREFIX, openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

const fixtures = join(repoRoot, "tests/fixtures/images");
const tmp = () => mkdtempSync(join(tmpdir(), "evalgate-images-"));
const hashOf = (name: string) => sha256(readFileSync(join(fixtures, name)));

/** gpt-4o tiles: receipt.png 600×400 → 2 × 1 tiles → 85 + 2 × 170 = 425; square.png 1024×1024 → 768×768 → 2 × 2 → 85 + 4 × 170 = 765. */
const IMAGE_TOKENS: Record<string, number> = { r1: 425, r2: 425, r3: 765 };
const IMAGE_OF: Record<string, string> = { r1: "receipt.png", r2: "receipt.png", r3: "square.png" };

describe("evalgate run with image parts", () => {
  it("counts image tokens in the prompt tokens, stores each image once and names it by hash in every raw request", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const r = await runCli(["run", join(fixtures, "receipts.yaml"), "--db", db]);
    expect(r.stderr).not.toMatch(/error\[|warning/i);
    expect(r.code).toBe(0);

    const store = await openStore(db, { readonly: true });
    try {
      const [summary] = await store.listRuns();
      const { attempts, total } = await store.listAttempts(summary!.run.id, { limit: 100, offset: 0, includeRaw: true });
      expect(total).toBe(24); // 3 cases × 2 prompts × 2 targets × 2 repeats
      expect(attempts.every((a) => a.status === "ok" && a.pass === true)).toBe(true);
      const tokens = new Map(attempts.map((a) => [`${a.arm}/${a.caseId}/${a.repeat}`, a.output!.usage!.inputTokens]));
      for (const a of attempts.filter((x) => x.arm.startsWith("read@"))) {
        const target = a.arm.split("@")[1];
        // The same text without the image, same target: the difference is the image's tokens.
        expect(a.output!.usage!.inputTokens - tokens.get(`text@${target}/${a.caseId}/${a.repeat}`)!, `${a.arm} ${a.caseId}`).toBe(IMAGE_TOKENS[a.caseId]);
        const ref = `${IMAGE_REF_PREFIX}${hashOf(IMAGE_OF[a.caseId]!)}`;
        const request = a.output!.raw.request as Record<string, unknown>;
        const part = target === "chat"
          ? (request.messages as Array<{ content: Array<{ image_url?: { url: string; detail: string } }> }>)[1]!.content[1]!.image_url
          : (request.input as Array<{ content: Array<{ image_url?: string; detail?: string }> }>)[0]!.content[1];
        expect(part).toEqual(target === "chat" ? { url: ref, detail: "auto" } : { type: "input_image", image_url: ref, detail: "auto" });
        expect(JSON.stringify(request)).not.toContain("base64");
      }
      const image = await store.getImage(hashOf("square.png"));
      expect(Buffer.compare(image!.bytes, readFileSync(join(fixtures, "square.png")))).toBe(0);
    } finally {
      await store.close();
    }

    // Two distinct files, 12 attempts sending one: two rows, one per file, and no base64 copy anywhere in the database.
    const sqlite = new Database(db, { readonly: true });
    try {
      const rows = sqlite.prepare("SELECT sha256, media_type, size FROM images ORDER BY size").all();
      expect(rows).toEqual([
        { sha256: hashOf("receipt.png"), media_type: "image/png", size: 241 },
        { sha256: hashOf("square.png"), media_type: "image/png", size: 649 },
      ]);
    } finally {
      sqlite.close();
    }
    expect(readFileSync(db).includes(readFileSync(join(fixtures, "receipt.png")).toString("base64").slice(0, 40))).toBe(false);
  });

  it("refuses a missing, unsupported or oversized image before anything is sent or stored (exit 2, at the reference)", async () => {
    const cases: Array<[string, (dir: string) => void, RegExp]> = [
      ["missing", () => undefined, /error\[FILE_NOT_FOUND\] .*receipts\.yaml:11:\d+: image file not found: .*nowhere\.png for case r1 \(.*receipts\.csv:2:1\)/],
      ["not an image", (dir) => writeFileSync(join(dir, "nowhere.png"), "%PDF-1.7\n"), /error\[SUITE_INVALID\] .*receipts\.yaml:11:\d+: image .*nowhere\.png for case r1 .* is not a PNG, JPEG, GIF or WebP image \(it starts with 25 50 44 46/],
      ["too large", (dir) => {
        cpSync(join(fixtures, "receipt.png"), join(dir, "nowhere.png"));
        truncateSync(join(dir, "nowhere.png"), 20 * 1024 * 1024 + 1);
      }, /error\[SUITE_INVALID\] .*receipts\.yaml:11:\d+: image .*nowhere\.png for case r1 .* is 20,971,521 bytes, over the 20 MiB the API takes per image/],
    ];
    for (const [name, prepare, message] of cases) {
      const dir = tmp();
      cpSync(join(fixtures, "receipts.yaml"), join(dir, "receipts.yaml"));
      writeFileSync(join(dir, "receipts.csv"), "id,receipt,image,total\nr1,R-1,nowhere.png,1.00\n");
      prepare(dir);
      const db = join(dir, "e.db");
      const r = await runCli(["run", join(dir, "receipts.yaml"), "--db", db]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      // The CLI opens its database before it loads the suite: what must hold is that nothing is in it.
      if (existsSync(db)) {
        const sqlite = new Database(db, { readonly: true });
        try {
          expect(sqlite.prepare("SELECT (SELECT COUNT(*) FROM runs) + (SELECT COUNT(*) FROM attempts) + (SELECT COUNT(*) FROM images) AS n").get(), name).toEqual({ n: 0 });
        } finally {
          sqlite.close();
        }
      }
    }
  });
});
