/** The parity card as core's parityCard formats it (strings only: the dashboard formats nothing of it). */
export interface ParityCardStrings {
  header: readonly string[];
  rows: Array<{ key: string; figure: string; baseline: string; candidate: string; difference: string }>;
  note: string;
}

/**
 * A comparison's parity card, the server's strings as every report shows them (compare and
 * release pages); a comparison stored before parity existed says so, when asked to.
 */
export function ParityCard({ parity, sayMissing = false }: { parity: ParityCardStrings | { missing: string }; sayMissing?: boolean }) {
  if ("missing" in parity) return sayMissing ? <p className="muted" data-parity-missing="true">{parity.missing}</p> : null;
  return (
    <section data-card="parity">
      <h2>Parity</h2>
      <table className="grid figures" data-table="parity">
        <thead><tr>{parity.header.map((h) => <th key={h}>{h}</th>)}</tr></thead>
        <tbody>
          {parity.rows.map((r) => (
            <tr key={r.key} data-parity={r.key}><td>{r.figure}</td><td className="num">{r.baseline}</td><td className="num">{r.candidate}</td><td className="num">{r.difference}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{parity.note}</p>
    </section>
  );
}
