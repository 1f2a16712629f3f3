import type { Comparison } from "../api.js";
import { GATE_HEADER, gateRows } from "../format.js";
import { StatusBadge } from "./badges.js";

/** The gates as the CLI prints them (report gateRows: "+167.6%" against "≤ +50.0%"), the status as a badge. */
export function GatesTable({ comparison }: { comparison: Pick<Comparison, "verdict"> }) {
  const rows = gateRows(comparison);
  return (
    <table className="grid" data-table="gates">
      <thead><tr>{GATE_HEADER.map((h) => <th key={h}>{h}</th>)}</tr></thead>
      <tbody>
        {comparison.verdict.gates.map((g, i) => {
          const [name, , figure, threshold, interval, reason] = rows[i] ?? [];
          return (
            <tr key={g.gate} data-gate={g.gate}>
              <td>{name}</td>
              <td><StatusBadge status={g.status} /></td>
              <td className="num" data-cell="figure">{figure}</td>
              <td className="num" data-cell="threshold">{threshold}</td>
              <td className="num" data-cell="interval">{interval}</td>
              <td>{reason}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
