/**
 * Labels beside points that never overlap: each label tries places around its point (right,
 * left, above, below, then further up and down) and takes the first that stays inside the
 * plot and clear of every point and of the labels placed before it. A label that fits
 * nowhere is not drawn: the chart's legend names every point anyway.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelRequest {
  key: string;
  /** The point, in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLabel {
  key: string;
  /** Text anchor point (baseline) and side. */
  x: number;
  y: number;
  anchor: "start" | "end";
  box: Box;
}

const GAP = 8;
const POINT_RADIUS = 6;

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(a: Box, area: Box): boolean {
  return a.x >= area.x && a.y >= area.y && a.x + a.width <= area.x + area.width && a.y + a.height <= area.y + area.height;
}

/** Candidate boxes around a point: vertical offsets in rows of the label's height, right side first. */
function candidates(r: LabelRequest): Array<{ anchor: "start" | "end"; box: Box }> {
  const out: Array<{ anchor: "start" | "end"; box: Box }> = [];
  for (const rows of [0, -1, 1, -2, 2, -3, 3]) {
    const top = r.y - r.height / 2 + rows * r.height;
    out.push({ anchor: "start", box: { x: r.x + GAP, y: top, width: r.width, height: r.height } });
    out.push({ anchor: "end", box: { x: r.x - GAP - r.width, y: top, width: r.width, height: r.height } });
  }
  return out;
}

/** Places what fits, in the order given (put the most important points first). */
export function placeLabels(requests: readonly LabelRequest[], area: Box): PlacedLabel[] {
  const points: Box[] = requests.map((r) => ({ x: r.x - POINT_RADIUS, y: r.y - POINT_RADIUS, width: 2 * POINT_RADIUS, height: 2 * POINT_RADIUS }));
  const placed: PlacedLabel[] = [];
  for (const r of requests) {
    const spot = candidates(r).find((c) => inside(c.box, area) && !points.some((p) => overlaps(c.box, p)) && !placed.some((p) => overlaps(c.box, p.box)));
    if (!spot) continue;
    const x = spot.anchor === "start" ? spot.box.x : spot.box.x + spot.box.width;
    placed.push({ key: r.key, x, y: spot.box.y + spot.box.height * 0.75, anchor: spot.anchor, box: spot.box });
  }
  return placed;
}
