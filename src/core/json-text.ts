/**
 * The JSON text a value was sent or received as, kept beside it so that writing it again
 * costs no second serialization (docs/design/performance.md): the lean transport notes the
 * request body it sent and a stream's events as they arrived; the store writes an
 * attempt's raw payloads from them. A value is noted only when the text encodes exactly it
 * and nothing changes it afterwards (a copy, such as a redacted one, is not noted and is
 * serialized as usual).
 */
const texts = new WeakMap<object, string | (() => string)>();

/** Notes `text` (or how to make it, once, when first asked) as the JSON of `value`, and returns the value. */
export function noteJsonText<T extends object>(value: T, text: string | (() => string)): T {
  texts.set(value, text);
  return value;
}

/** The JSON text noted for a value, if any. */
export function notedJsonText(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const noted = texts.get(value);
  if (typeof noted !== "function") return noted;
  const text = noted();
  texts.set(value, text);
  return text;
}

/**
 * A stream's raw response as the providers keep it, `{ events }`, from each event's JSON
 * text: its JSON is the texts joined (noted, made when first asked), and `events` parses
 * them only if something reads it (a suite's redactions, a report with raw payloads). An
 * attempt in flight holds its events' text, not a parsed copy of every chunk beside the one
 * its assembler folded.
 */
export function eventsFromTexts(eventTexts: readonly string[]): { readonly events: unknown[] } {
  let parsed: unknown[] | undefined;
  const response = {
    get events(): unknown[] {
      return (parsed ??= eventTexts.map((t) => JSON.parse(t) as unknown));
    },
  };
  return noteJsonText(response, () => `{"events":[${eventTexts.join(",")}]}`);
}
