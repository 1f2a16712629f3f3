import { describe, expect, it } from "vitest";
import { responseCacheKey } from "./cache-key.js";
import { REDACTED, redactSecrets } from "./redact-secrets.js";

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
    };
    expect(redactSecrets(input)).toEqual({
      headers: { authorization: REDACTED, "OpenAI-Organization": "org-1" },
      nested: [{ "x-api-key": REDACTED }, `curl -H 'Authorization: Bearer ${REDACTED}'`],
      apiKey: null,
      text: "a Bearer of bad news",
    });
  });
});
