// A stored attempt shaped as the runner records it, for the benchmarks that fill a
// database without calling anything: one in 50 errored, one in 5 failing (by `passKey`).
export function syntheticAttempt(runId, caseId, arm, repeat, n, { passKey = n, ttftMs = null } = {}) {
  const error = n % 50 === 0;
  const pass = passKey % 5 !== 0;
  const output = error ? null : {
    api: "chat", model: "gpt-4o-mini", text: `{"team":"${pass ? "billing" : "sales"}","note":"answer ${n}"}`, json: { team: pass ? "billing" : "sales" },
    toolCalls: [], refusal: null, finish: "stop",
    usage: { inputTokens: 200, cachedInputTokens: 0, outputTokens: 20, reasoningTokens: 0, totalTokens: 220 },
    latency: { ttftMs, totalMs: 200 + (n % 400) }, requestId: `req_${n}`,
    raw: { request: { model: "gpt-4o-mini", messages: [{ role: "user", content: `ticket ${caseId}` }] }, response: { id: `chatcmpl-${n}`, choices: [{ message: { content: `answer ${n}` } }] } },
  };
  const scores = error ? [] : [
    { grader: "team", type: "json-equals", value: pass ? 1 : 0, pass, reason: pass ? "ok" : "expected billing", weight: 1 },
    { grader: "tone", type: "llm-rubric", value: 0.8, pass: n % 7 !== 0, reason: "polite", weight: 0 },
  ];
  return {
    runId, caseId, arm, repeat, status: error ? "error" : "ok", output,
    error: error ? { kind: "server_error", message: "500 upstream", status: 500, requestId: null, retryable: true } : null,
    tries: 1, cost: { usd: error ? null : 0.0001, inputUsd: null, outputUsd: null }, scores,
    score: error ? null : pass ? 1 : 0, pass: error ? null : pass,
    startedAt: "2026-11-25T10:00:00.000Z", finishedAt: "2026-11-25T10:00:01.000Z", replayed: false, simulated: true,
  };
}
