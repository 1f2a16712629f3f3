/**
 * Errors in the OpenAI envelope (`{error: {message, type, param, code}}`, docs/design/wire.md §7):
 * the SDK reads `body.error`, so every error the simulator sends is wrapped.
 */
export interface WireError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export class SimHttpError extends Error {
  readonly status: number;
  readonly wire: WireError;
  readonly headers: Record<string, string>;

  constructor(status: number, wire: WireError, headers: Record<string, string> = {}) {
    super(wire.message);
    this.name = "SimHttpError";
    this.status = status;
    this.wire = wire;
    this.headers = headers;
  }

  body(): { error: WireError } {
    return { error: this.wire };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null, status = 400): SimHttpError {
  return new SimHttpError(status, { message, type: "invalid_request_error", param, code });
}

export function unparsableJson(): SimHttpError {
  return invalidRequest(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
      "The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  );
}

export function missingApiKey(): SimHttpError {
  return new SimHttpError(401, {
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
      "(i.e. Authorization: Bearer YOUR_KEY).",
    type: "invalid_request_error",
    param: null,
    code: null,
  });
}

export function rejectedApiKey(key: string): SimHttpError {
  const masked = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : "*****";
  return new SimHttpError(401, {
    message: `Incorrect API key provided: ${masked}. (simulated: this key is in sim.reject_keys)`,
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  });
}

export function rateLimited(model: string, retryAfterMs: number): SimHttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new SimHttpError(
    429,
    {
      message: `Rate limit reached for ${model} (simulated). Please try again in ${retryAfterMs}ms.`,
      type: "requests",
      param: null,
      code: "rate_limit_exceeded",
    },
    { "retry-after": String(seconds), "retry-after-ms": String(retryAfterMs) },
  );
}

export function serverError(): SimHttpError {
  return new SimHttpError(500, {
    message: "The server had an error while processing your request. Sorry about that! (simulated)",
    type: "server_error",
    param: null,
    code: null,
  });
}

export function notFound(method: string, url: string): SimHttpError {
  return new SimHttpError(404, {
    message: `Invalid URL (${method} ${url})`,
    type: "invalid_request_error",
    param: null,
    code: null,
  });
}

export function modelNotFound(model: string): SimHttpError {
  return new SimHttpError(404, {
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: "invalid_request_error",
    param: null,
    code: "model_not_found",
  });
}

/** An embeddings model sent to a generation endpoint (or the reverse). */
export function wrongModelKind(model: string, endpoint: string): SimHttpError {
  return new SimHttpError(404, {
    message: `The model \`${model}\` is not supported in the ${endpoint} endpoint.`,
    type: "invalid_request_error",
    param: "model",
    code: null,
  });
}
