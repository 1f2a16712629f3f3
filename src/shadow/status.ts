import type { FastifyInstance } from "fastify";
import { tokenMatches } from "../server/index.js";

/** What `GET /evalgate/status` answers: the proxy's counts, built on each call. */
export type StatusSource = () => unknown;

export const STATUS_PATH = "/evalgate/status";

/**
 * The proxy's own route (docs/shadow.md "Status"). It holds counts only — no request, no
 * reply — but with a token (required to bind beyond loopback, as `view` does) it answers
 * only `Authorization: Bearer TOKEN`, compared in constant time. The proxied API needs no
 * token: it carries the caller's own key to the upstream.
 */
export function statusRoute(app: FastifyInstance, source: StatusSource, token: string | undefined): void {
  app.get(STATUS_PATH, (request, reply) => {
    if (token !== undefined) {
      const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "")?.[1]?.trim();
      if (!tokenMatches(token, given)) {
        return reply.code(401).send({ error: { code: "UNAUTHORIZED", message: "the shadow proxy's status needs its token: Authorization: Bearer TOKEN" } });
      }
    }
    return reply.header("cache-control", "no-store").send(source());
  });
}
