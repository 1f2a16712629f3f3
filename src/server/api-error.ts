/**
 * Errors the API answers with: a stable code and an HTTP status, as JSON
 * `{error: {code, message}}`. One registry, as fastify's own error codes are.
 */
export const API_ERRORS = {
  BAD_QUERY: 400,
  UNAUTHORIZED: 401,
  BAD_HOST: 403,
  NOT_FOUND: 404,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }

  get status(): number {
    return API_ERRORS[this.code];
  }
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ApiErrorBody {
  return { error: { code, message } };
}

export function notFound(what: string): ApiError {
  return new ApiError("NOT_FOUND", `${what} not found`);
}
