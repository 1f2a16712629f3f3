import { escapeHtml, HTML_STYLE, markdownTable } from "../report/index.js";
import type { RolloutArtifact } from "./artifact-schema.js";
import { rolloutView, type ViewBlock } from "./view.js";

/** The rollout artifact's renderings (docs/rollout.md "Formats"): Markdown, self-contained HTML, and the JSON itself. */
export const ROLLOUT_RENDER_FORMATS = ["md", "html", "json"] as const;
export type RolloutRenderFormat = (typeof ROLLOUT_RENDER_FORMATS)[number];

export function renderRollout(a: RolloutArtifact, format: RolloutRenderFormat): string {
  if (format === "json") return `${JSON.stringify(a, null, 2)}\n`;
  return format === "html" ? renderHtml(a) : renderMarkdown(a);
}

const ICON: Record<string, string> = { PASS: "✅", FAIL: "❌", INCONCLUSIVE: "⚠️" };

function renderMarkdown(a: RolloutArtifact): string {
  const view = rolloutView(a);
  const parts = [`# ${view.title}`, view.meta.join("  \n")];
  for (const s of view.sections) {
    parts.push(`## ${ICON[s.status] ?? ""} ${s.status} · ${s.title}`);
    for (const b of s.blocks) parts.push(markdownBlock(b));
  }
  return `${parts.join("\n\n")}\n`;
}

function markdownBlock(b: ViewBlock): string {
  const parts = [`### ${b.heading}`];
  if (b.table) parts.push(markdownTable(b.table.header, b.table.rows));
  if (b.lines?.length) parts.push(b.lines.map((l) => `- ${l}`).join("\n"));
  return parts.join("\n\n");
}

/** One file, inline CSS, no script and no URL: it opens offline and from a CI artifact, like the HTML report. */
function renderHtml(a: RolloutArtifact): string {
  const view = rolloutView(a);
  const body = [`<h1>${escapeHtml(view.title)}</h1>`, ...view.meta.map((m) => `<p class="meta">${escapeHtml(m)}</p>`)];
  for (const s of view.sections) {
    body.push(`<h2><span class="badge ${escapeHtml(s.status)}">${escapeHtml(s.status)}</span> ${escapeHtml(s.title)}</h2>`);
    for (const b of s.blocks) body.push(htmlBlock(b));
  }
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(view.title)}</title>\n<style>${HTML_STYLE}</style>\n</head>\n<body>\n${body.join("\n")}\n</body>\n</html>\n`;
}

function htmlBlock(b: ViewBlock): string {
  const parts = [`<h3>${escapeHtml(b.heading)}</h3>`];
  if (b.table) {
    const head = `<tr>${b.table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
    const rows = b.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("");
    parts.push(`<table>${head}${rows}</table>`);
  }
  if (b.lines?.length) parts.push(`<ul>${b.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`);
  return parts.join("\n");
}
