import { useEffect, useState } from "react";

/** State lives in the URL hash (`#/runs/ID?status=fail&q=...`), so any view is a shareable link. */
export interface Route {
  /** Path segments after `#/`, decoded. */
  parts: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const q = body.indexOf("?");
  const path = q < 0 ? body : body.slice(0, q);
  const parts = path.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { parts: parts.length ? parts : ["runs"], params: new URLSearchParams(q < 0 ? "" : body.slice(q + 1)) };
}

export function href(parts: string[], params: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const path = parts.map(encodeURIComponent).join("/");
  return `#/${path}${q.size ? `?${q}` : ""}`;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return parseHash(hash);
}

/** Sets some params of the current route, keeping the others (null removes one). */
export function updateParams(route: Route, changes: Record<string, string | number | null>): void {
  const next: Record<string, string | number | null> = Object.fromEntries(route.params.entries());
  Object.assign(next, changes);
  window.location.hash = href(route.parts, next);
}
