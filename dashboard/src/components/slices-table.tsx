import type { Comparison } from "../api.js";
import { SLICE_HEADER, sliceRows } from "../format.js";

/** Per case tag, as the CLI prints it: McNemar's p and, in brackets, its Holm adjustment over the tags (report sliceRows). */
export function SlicesTable({ comparison }: { comparison: Pick<Comparison, "slices"> }) {
  const rows = sliceRows(comparison);
  if (rows.length === 0) return null;
  return (
    <section>
      <h2>Per tag</h2>
      <table className="grid" data-table="slices">
        <thead><tr>{SLICE_HEADER.map((h) => <th key={h}>{h}</th>)}</tr></thead>
        <tbody>
          {rows.map(([tag, ...cells]) => (
            <tr key={tag} data-slice={tag}>
              <td>{tag}</td>
              {cells.map((cell, i) => <td key={i} className="num" data-cell={i === cells.length - 1 ? "mcnemar" : undefined}>{cell}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">gates apply to all paired cases, not per tag: read a tag's change from its Holm-adjusted p (in brackets), which accounts for looking at every tag.</p>
    </section>
  );
}
