/** XML 1.0 text helpers for the JUnit reporter. */

/** Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF): removed. */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(value: string): string {
  return value.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value: also quotes, and line breaks and tabs as references so parsers keep them. */
export function xmlAttr(value: string): string {
  return xmlText(value).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/** An `xs:token` value: whitespace collapsed; `fallback` when nothing is left. */
export function xmlToken(value: string, fallback = "unnamed"): string {
  const collapsed = value.replace(/\s+/g, " ").trim();
  return xmlAttr(collapsed || fallback);
}

export function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? String(v) : v}"`)
    .join("");
}

/** The schema's timestamp: `YYYY-MM-DDTHH:MM:SS`, no fraction and no zone (UTC implied). */
export function junitTimestamp(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(iso);
  return m?.[1] ?? "1970-01-01T00:00:00";
}

/** Seconds with millisecond precision, as `xs:decimal`. */
export function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
