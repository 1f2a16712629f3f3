/** The number formats are core's (one definition each); re-exported for the reporters. */
export { formatMs, formatPercent, formatScore, formatUsd, formatCost } from "../core/format.js";
