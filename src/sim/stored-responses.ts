import type { Generation } from "./engine.js";
import { inputItemResources, pageOfItems } from "./input-items.js";
import type { Body } from "./parse-common.js";
import type { SimRequest, SimTurn } from "./sim-request.js";
import type { ListQuery } from "./stored-completions.js";
import { checkResponsesToolPairing } from "./tool-pairing.js";
import { invalidRequest, SimHttpError } from "./wire-errors.js";

type Json = Record<string, unknown>;

/** Responses kept at most; past it the oldest is forgotten (a `previous_response_id` naming it is then a 404). */
export const STORED_RESPONSES_KEPT = 10_000;

interface StoredResponse {
  /** The response body as it was sent (what `GET /v1/responses/{id}` returns). */
  response: Json;
  /** The conversation up to and including this reply (instructions excepted: the API does not carry them over). */
  turns: SimTurn[];
  /** The request's own `input` as item resources (what `GET /v1/responses/{id}/input_items` lists). */
  inputItems: Json[];
}

/**
 * The Responses the simulator keeps (docs/simulator.md, "Stored responses"): a response is
 * stored unless its request said `store: false` (the API's default is to store), in
 * memory, bounded, oldest out first. A request with `previous_response_id` continues the
 * stored conversation; `GET /v1/responses/{id}` reads one back.
 */
export class StoredResponses {
  private readonly byId = new Map<string, StoredResponse>();

  constructor(private readonly kept = STORED_RESPONSES_KEPT) {}

  get size(): number {
    return this.byId.size;
  }

  /** Keeps a reply the client received (a fault, which sends none, is never kept). */
  keep(body: Body, req: SimRequest, gen: Generation, response: Json): void {
    if (body.store === false || gen.fault !== null) return;
    if (this.byId.size >= this.kept) this.byId.delete(this.byId.keys().next().value as string);
    const id = response.id as string;
    this.byId.set(id, { response, turns: [...req.turns.slice(instructionTurns(body)), replyTurn(gen)], inputItems: inputItemResources(body.input, id) });
  }

  /** The stored response body; a 404 as the API sends it when the id was never stored. */
  read(id: string): Json {
    const stored = this.byId.get(id);
    if (!stored) throw responseNotFound(id, null);
    return stored.response;
  }

  /** `GET /v1/responses/{id}/input_items` [S: ResponseItemList]: the request's own input items, paged. */
  inputItems(id: string, q: Pick<ListQuery, "after" | "limit" | "order">): Json {
    const stored = this.byId.get(id);
    if (!stored) throw responseNotFound(id, null);
    return pageOfItems(stored.inputItems, q);
  }

  /** The request with the stored conversation its `previous_response_id` names put before its own input. */
  continueFrom(body: Body, req: SimRequest): SimRequest {
    const id = body.previous_response_id;
    if (id === undefined || id === null) return req;
    if (typeof id !== "string") throw invalidRequest(`Invalid type for 'previous_response_id': expected a string, but got ${typeof id} instead.`, "previous_response_id", "invalid_type");
    const stored = this.byId.get(id);
    if (!stored) throw responseNotFound(id, "previous_response_id");
    if (Array.isArray(body.input)) checkResponsesToolPairing(body.input as Body[], callIdsOf(stored.response));
    const own = instructionTurns(body);
    return { ...req, turns: [...req.turns.slice(0, own), ...stored.turns, ...req.turns.slice(own)] };
  }
}

/** The call ids of a stored response's `function_call` output items. */
function callIdsOf(response: Json): string[] {
  const output = Array.isArray(response.output) ? (response.output as Json[]) : [];
  return output.filter((item) => item.type === "function_call").map((item) => String(item.call_id));
}

/** 1 when the request's `instructions` became its first turn (parse-responses.ts), else 0. */
function instructionTurns(body: Body): number {
  return typeof body.instructions === "string" && body.instructions.length > 0 ? 1 : 0;
}

/** The reply as a turn of the conversation, read the way input items are (parse-responses.ts). */
function replyTurn(gen: Generation): SimTurn {
  const c = gen.content;
  return { role: "assistant", text: c.kind === "tool_call" ? `${c.name}(${c.arguments})` : c.text };
}

/** The API's answer for an id it does not hold: 404, `invalid_request_error`, naming the parameter when a request gave it. */
function responseNotFound(id: string, param: string | null): SimHttpError {
  const what = param === null ? "Response" : "Previous response";
  return new SimHttpError(404, { message: `${what} with id '${id}' not found.`, type: "invalid_request_error", param, code: param === null ? null : "previous_response_not_found" });
}
