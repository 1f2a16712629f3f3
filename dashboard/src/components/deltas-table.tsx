import type { Comparison } from "../api.js";
import { DELTA_HEADER, deltaRows } from "../format.js";

/** The deltas as the CLI prints them (report deltaRows over the comparison's paired figures). */
export function DeltasTable({ comparison }: { comparison: Omit<Comparison, "cases"> }) {
  const rows = deltaRows(comparison, { runs: [], comparisons: [] });
  return (
    <table className="grid figures" data-table="figures">
      <thead><tr>{DELTA_HEADER.map((h) => <th key={h}>{h}</th>)}</tr></thead>
      <tbody>
        {rows.map(([name, ...cells]) => (
          <tr key={name} data-figure={name}>
            <td>{name}</td>
            {cells.map((cell, i) => <td key={i} className="num">{cell}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
