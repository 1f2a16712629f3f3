/**
 * The JSON text a value was sent or received as, kept beside it so that writing it again
 * costs no second serialization (docs/design/performance.md): the lean transport notes the
 * request body it sent and a stream's events as they arrived; the store writes an
 * attempt's raw payloads from them. A value is noted only when the text encodes exactly it
 * and nothing changes it afterwards (a copy, such as a redacted one, is not noted and is
 * serialized as usual).
 */
const texts = new WeakMap<object, string>();

/** Notes `text` as the JSON of `value` and returns the value. */
export function noteJsonText<T extends object>(value: T, text: string): T {
  texts.set(value, text);
  return value;
}

/** The JSON text noted for a value, if any. */
export function notedJsonText(value: unknown): string | undefined {
  return value !== null && typeof value === "object" ? texts.get(value) : undefined;
}

/** The JSON of a value: the text noted for it, else `JSON.stringify` (null for undefined). */
export function jsonText(value: unknown): string {
  return notedJsonText(value) ?? JSON.stringify(value ?? null);
}

/** `{"events":[…]}` from each event's JSON text, noted as the JSON of `{ events }`: a stream's raw response as the providers keep it. */
export function eventsWithText(events: unknown[], eventTexts: readonly string[]): { events: unknown[] } {
  const response = { events };
  return eventTexts.length === events.length ? noteJsonText(response, `{"events":[${eventTexts.join(",")}]}`) : response;
}
