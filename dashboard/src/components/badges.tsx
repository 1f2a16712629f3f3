import type { GateStatus } from "../api.js";

export function StatusBadge({ status }: { status: GateStatus | null | undefined }) {
  if (!status) return <span className="badge muted">no verdict</span>;
  return <span className={`badge verdict-${status.toLowerCase()}`} data-verdict={status}>{status.replace("_", " ")}</span>;
}

/** Every simulated run, arm and attempt says so: its numbers describe the simulator, not a model. */
export function SimulatedBadge({ simulated }: { simulated: boolean }) {
  return simulated ? <span className="badge simulated" title="answered by evalgate's built-in simulator, not a real model">simulated</span> : null;
}

export function Loading() {
  return <p className="muted" data-loading>loading…</p>;
}

export function ErrorNote({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  return <p className="error-note" role="alert">{message}</p>;
}
