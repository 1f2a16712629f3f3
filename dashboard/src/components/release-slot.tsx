/**
 * Where a comparison's parity card and its rollout artifact appear on the release page. They
 * are added to the API by other features (the parity card: a comparison's `parity`; the
 * rollout plan: its `rollout`); until a comparison carries one, nothing is drawn — no
 * placeholder, no invented figure. The shapes are read structurally, so either can land alone.
 */

/** The parity card as core's parityCard formats it (strings only: the dashboard formats nothing of it). */
interface ParityCardView {
  header: readonly string[];
  rows: Array<{ key: string; figure: string; baseline: string; candidate: string; difference: string }>;
  note: string;
}

interface RolloutLink {
  href: string;
  label?: string;
}

export interface ReleaseAttachments {
  parity?: ParityCardView | { missing: string };
  rollout?: RolloutLink | null;
}

export function ReleaseSlot({ attachments }: { attachments: ReleaseAttachments }) {
  const { parity, rollout } = attachments;
  const card = parity && "rows" in parity ? parity : null;
  if (!card && !rollout) return null;
  return (
    <>
      {card ? (
        <section data-card="parity">
          <h2>Parity</h2>
          <table className="grid figures">
            <thead><tr>{card.header.map((h) => <th key={h}>{h}</th>)}</tr></thead>
            <tbody>
              {card.rows.map((r) => (
                <tr key={r.key} data-parity={r.key}><td>{r.figure}</td><td className="num">{r.baseline}</td><td className="num">{r.candidate}</td><td className="num">{r.difference}</td></tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{card.note}</p>
        </section>
      ) : null}
      {rollout ? <p data-rollout><a href={rollout.href}>{rollout.label ?? "rollout plan"}</a></p> : null}
    </>
  );
}
