/**
 * Where a comparison's parity card and its rollout artifact appear on the release page. They
 * are added to the API by other features (the parity card: a comparison's `parity`; the
 * rollout plan: its `rollout`); until a comparison carries one, nothing is drawn — no
 * placeholder, no invented figure. The shapes are read structurally, so either can land alone.
 */
import { ParityCard, type ParityCardStrings } from "./parity-card.js";

interface RolloutLink {
  href: string;
  label?: string;
}

export interface ReleaseAttachments {
  parity?: ParityCardStrings | { missing: string };
  rollout?: RolloutLink | null;
}

export function ReleaseSlot({ attachments }: { attachments: ReleaseAttachments }) {
  const { parity, rollout } = attachments;
  const card = parity && "rows" in parity ? parity : null;
  if (!card && !rollout) return null;
  return (
    <>
      {card ? <ParityCard parity={card} /> : null}
      {rollout ? <p data-rollout><a href={rollout.href}>{rollout.label ?? "rollout plan"}</a></p> : null}
    </>
  );
}
