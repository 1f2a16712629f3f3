import { describe, expect, it } from "vitest";
import { eventsFromTexts, notedJsonText, noteJsonText } from "../core/index.js";
import { REDACTED, redactedJson, redactedRawJson, redactedStableJson } from "./redact-secrets.js";

describe("redactedJson: the payload text a run stores per attempt", () => {
  it("masks every credential the masking walk masks, whichever form it takes", () => {
    const secretForms = [
      { headers: { Authorization: "Bearer abcdefgh12345678" } },
      { headers: { "proxy-authorization": "Basic dXNlcjpwYXNz" } },
      { "X-API-Key": "k-123456789" },
      { api_key: "anything-at-all" },
      { apiKey: "anything-at-all" },
      { "OPENAI-API-KEY": "anything-at-all" },
      { messages: [{ role: "user", content: "my key is sk-proj-abcdefghijkl, keep it" }] },
      { note: "token: Bearer abcdefgh12345678" },
    ];
    for (const value of secretForms) {
      const text = redactedJson(value);
      expect(text, JSON.stringify(value)).toBe(redactedStableJson(value));
      expect(text).toContain(REDACTED);
    }
  });

  it("keeps a clean payload's own key order (equal payloads hash equally), and turns undefined into null", () => {
    const body = { model: "gpt-4.1-mini", stream: true, messages: [{ role: "user", content: "Ticket 7: where is ORD-7?" }], max_tokens: 64 };
    expect(redactedJson(body)).toBe(JSON.stringify(body));
    expect(redactedJson(undefined)).toBe("null");
  });

  it("leaves a stored image reference as it is, beside a secret it masks", () => {
    const ref = "evalgate-image:sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const body = { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: ref, detail: "low" } }] }] };
    expect(redactedJson(body)).toBe(JSON.stringify(body));
    expect(JSON.parse(redactedStableJson({ ...body, api_key: "sk-abcdefghijkl" }))).toEqual({ ...body, api_key: REDACTED });
  });
});

describe("redactedRawJson: an attempt's raw call written from the texts the transport noted", () => {
  const events = [{ id: "c1", choices: [{ delta: { content: "Hello" } }] }, { id: "c1", choices: [{ delta: { content: " there" } }] }];
  // Spaced as a server may send them: text JSON.stringify would never write, so only the noted texts give it.
  const texts = events.map((e) => JSON.stringify(e, null, 1).replace(/\n/g, ""));

  it("writes the noted texts as they are, and the same JSON value as serializing the parsed parts", () => {
    const sent = '{"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "hi"}]}';
    const request = noteJsonText(JSON.parse(sent) as object, sent);
    const raw = { request, response: eventsFromTexts(texts) };
    const text = redactedRawJson(raw);
    expect(text).toBe(`{"request":${sent},"response":{"events":[${texts.join(",")}]}}`);
    expect(text).not.toBe(redactedJson(raw));
    expect(JSON.parse(text)).toEqual(JSON.parse(redactedJson(raw)));
  });

  it("parses a stream's event texts only when its events are read", () => {
    const response = eventsFromTexts(['{"id": "c1"}', "not JSON"]);
    expect(notedJsonText(response)).toBe('{"events":[{"id": "c1"},not JSON]}');
    expect(() => response.events).toThrow(SyntaxError);
  });

  it("masks a key sent in a stream's text, spelled plainly or hidden behind \\u escapes", () => {
    for (const content of ["sk-proj-abcdefghijkl", "\\u0073k-proj-abcdefghijkl"]) {
      const leaking = `{"id":"c1","choices":[{"delta":{"content":"${content}"}}]}`;
      const parsed = JSON.parse(leaking) as unknown;
      const response = eventsFromTexts([leaking]);
      expect(response.events).toEqual([parsed]);
      const text = redactedRawJson({ request: null, response });
      expect(text).not.toContain("abcdefghijkl");
      expect(text).toContain(REDACTED);
    }
  });

  it("serializes a stream whose events came without texts (the SDK's transport), and parses texts only when read", () => {
    expect(redactedRawJson({ request: null, response: { events } })).toBe(JSON.stringify({ request: null, response: { events } }));
    const lazy = eventsFromTexts(texts);
    expect(JSON.parse(JSON.stringify(lazy))).toEqual({ events });
    expect({ ...lazy }).toEqual({ events });
  });
});
