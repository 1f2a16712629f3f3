import { existsSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { EvalgateError } from "../../core/index.js";
import { buildApp, isLoopbackHost } from "../../server/index.js";
import { openStore } from "../../store/index.js";
import { resolvedLocation, storeLocation } from "../../usecases/index.js";
import { untilSignal } from "../flags.js";

export interface ViewFlags {
  port: number;
  host: string;
  token?: string;
  db?: string;
}

/** dashboard/dist in the package. */
export const DASHBOARD_DIST = join(PACKAGE_ROOT, "dashboard/dist");

/** Binding beyond loopback exposes every stored output: it takes a token (docs/design/architecture.md §10). */
export function resolveViewToken(host: string, flagToken: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const token = (flagToken ?? env.EVALGATE_TOKEN)?.trim() || undefined;
  if (!isLoopbackHost(host) && token === undefined) {
    throw new EvalgateError("BAD_FLAG", `--host ${host} is reachable from other machines, and the dashboard would serve every stored output without a token`, {
      hint: "pass --token SECRET (or set EVALGATE_TOKEN), or keep the default --host 127.0.0.1",
    });
  }
  return token;
}

/** `evalgate view`: serves the dashboard over a read-only connection until Ctrl-C. */
export async function viewAction(flags: ViewFlags): Promise<void> {
  const token = resolveViewToken(flags.host, flags.token, process.env);
  if (!existsSync(join(DASHBOARD_DIST, "index.html"))) {
    throw new EvalgateError("FILE_NOT_FOUND", `the dashboard is not built (${join("dashboard", "dist", "index.html")} is missing)`, {
      hint: "run `npm run build` (it builds the dashboard with vite), then `evalgate view` again",
    });
  }
  const location = storeLocation(flags.db);
  const store = await openStore(location, { readonly: true });
  const app = buildApp({ store, token, host: flags.host, staticDir: DASHBOARD_DIST });
  try {
    await app.listen({ port: flags.port, host: flags.host });
  } catch (error) {
    await store.close();
    throw new EvalgateError("BAD_FLAG", `cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}`, { hint: "pick another --port (0 picks a free one)" });
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : flags.port;
  const shownHost = flags.host.includes(":") ? `[${flags.host}]` : flags.host;
  const url = `http://${shownHost}:${port}/${token ? `?token=${encodeURIComponent(token)}` : ""}#/runs`;
  process.stdout.write(`evalgate dashboard on ${url}\n  database ${resolvedLocation(location)} (read-only). Ctrl-C stops it.\n`);
  await untilSignal();
  await app.close();
  await store.close();
}
