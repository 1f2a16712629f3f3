import { SimHttpError } from "../wire-errors.js";

/** The API's 404 for a file or batch id it does not hold. */
export function notFoundObject(what: "file" | "batch", id: string): SimHttpError {
  return new SimHttpError(404, { message: `No such ${what}: ${id}`, type: "invalid_request_error", param: what === "file" ? "file_id" : "batch_id", code: null });
}
