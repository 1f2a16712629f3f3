import type { ArmView } from "../api.js";
import { SimulatedBadge } from "./badges.js";

/** An arm as every page names it: its id, then `api · model` (as the CLI's arm table does), and the simulated badge. */
export function ArmLabel({ view }: { view: ArmView }) {
  return (
    <span className="arm-label" data-arm-label={view.arm}>
      <b>{view.arm}</b> <span className="muted" data-api-model>{view.api ?? "?"} · {view.model ?? "?"}</span> <SimulatedBadge simulated={view.simulated} />
    </span>
  );
}
