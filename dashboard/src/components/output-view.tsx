import type { Output, OutputToolCall } from "../api.js";

/**
 * Model output as text nodes only: React escapes every string, and nothing here uses
 * dangerouslySetInnerHTML, so `<script>` in an output is shown, never run.
 */
export function ToolCalls({ calls }: { calls: OutputToolCall[] }) {
  if (calls.length === 0) return null;
  return (
    <ul className="tool-calls">
      {calls.map((c, i) => (
        <li key={`${c.id}-${i}`} className="tool-call">
          <code>
            {c.name}({c.arguments === null ? c.rawArguments : JSON.stringify(c.arguments)})
          </code>
          {c.arguments === null ? <span className="badge fail">arguments not JSON</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function OutputText({ output, clamp = false }: { output: Output | null; clamp?: boolean }) {
  if (!output) return <span className="muted">no output</span>;
  return (
    <div className="output">
      {output.refusal ? <div className="refusal">refused: {output.refusal}</div> : null}
      {output.text ? <pre className={clamp ? "clamp" : undefined} data-output>{output.text}</pre> : null}
      <ToolCalls calls={output.toolCalls} />
      {output.jsonError ? <div className="muted">JSON: {output.jsonError}</div> : null}
    </div>
  );
}

export function VarsText({ vars }: { vars: Record<string, unknown> | null }) {
  if (!vars) return <span className="muted">—</span>;
  return (
    <dl className="vars">
      {Object.entries(vars).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-var>{typeof v === "string" ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
