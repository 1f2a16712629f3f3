import { describe, expect, it } from "vitest";
import { responseCacheKey } from "./cache-key.js";
import { stableStringify } from "../core/index.js";
import { REDACTED, redactedStableJson, redactSecrets } from "./redact-secrets.js";

describe("responseCacheKey", () => {
  const request = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], temperature: 0 };

  it("ignores key order but not content or the repeat index", () => {
    const reordered = { temperature: 0, messages: [{ content: "hi", role: "user" }], model: "gpt-4o-mini" };
    expect(responseCacheKey(reordered, 0)).toBe(responseCacheKey(request, 0));
    expect(responseCacheKey(request, 1)).not.toBe(responseCacheKey(request, 0));
    expect(responseCacheKey({ ...request, temperature: 0.5 }, 0)).not.toBe(responseCacheKey(request, 0));
    expect(responseCacheKey(request, 0)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("redactSecrets", () => {
  it("replaces credential fields and bearer tokens anywhere, leaving everything else", () => {
    const input = {
      headers: { authorization: "Bearer sk-proj-abcdefgh", "OpenAI-Organization": "org-1" },
      nested: [{ "x-api-key": "k-123" }, "curl -H 'Authorization: Bearer abcdefghijk'"],
      apiKey: null,
      text: "a Bearer of bad news",
      error: { kind: "auth", message: "Incorrect API key provided: sk-proj-abcdef123456. Find yours at…" },
      note: "the sk- prefix alone is no key",
    };
    expect(redactSecrets(input)).toEqual({
      headers: { authorization: REDACTED, "OpenAI-Organization": "org-1" },
      nested: [{ "x-api-key": REDACTED }, `curl -H 'Authorization: Bearer ${REDACTED}'`],
      apiKey: null,
      text: "a Bearer of bad news",
      error: { kind: "auth", message: `Incorrect API key provided: ${REDACTED}. Find yours at…` },
      note: "the sk- prefix alone is no key",
    });
  });
});

describe("redactedStableJson", () => {
  it("is the stable JSON of the redacted value, so stored payloads keep their hashes", () => {
    const values: unknown[] = [
      { z: 1, a: { api_key: "sk-1", y: [3, { b: undefined, a: "Bearer abcdefghijkl" }], n: null }, m: undefined, k: [undefined, null, "x"] },
      { Authorization: null, "proxy-authorization": "Basic x", list: [{ apiKey: undefined }], when: new Date(0) },
      "Bearer abcdefghijkl at the start",
      { quoted: "echoed key sk-abcdefgh12345678 in a reply" },
      [1, "two", { three: 3 }],
      null,
      42,
    ];
    for (const v of values) expect(redactedStableJson(v)).toBe(stableStringify(redactSecrets(v)));
    expect(redactedStableJson({ b: 1, a: { apiKey: "sk-secret" } })).toBe(`{"a":{"apiKey":"${REDACTED}"},"b":1}`);
  });
});
