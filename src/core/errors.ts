/**
 * Stable error codes. Every error evalgate raises on purpose carries one of these,
 * so tests, scripts and the dashboard can tell failures apart without parsing prose.
 * The exit code follows docs/design/architecture.md §5: 2 bad input, 3 runtime failure.
 */
export const ERROR_CODES = {
  // bad input (exit 2)
  SUITE_PARSE: { exit: 2, summary: "the suite file is not valid YAML" },
  SUITE_INVALID: { exit: 2, summary: "the suite does not match the suite format" },
  SUITE_REFERENCE: { exit: 2, summary: "the suite refers to something that does not exist" },
  DATASET_INVALID: { exit: 2, summary: "a dataset file cannot be read" },
  TEMPLATE_ERROR: { exit: 2, summary: "a template cannot be rendered" },
  FILE_NOT_FOUND: { exit: 2, summary: "a referenced file does not exist" },
  BAD_FLAG: { exit: 2, summary: "a command-line flag is wrong" },
  RUNREF_NOT_FOUND: { exit: 2, summary: "no run matches the reference" },
  RUN_FILE_INVALID: { exit: 2, summary: "an exported run file cannot be read" },
  CONFIG_INVALID: { exit: 2, summary: "a configuration file is invalid" },
  RESUME_MISMATCH: { exit: 2, summary: "the run cannot be resumed with this suite" },
  TRAFFIC_INVALID: { exit: 2, summary: "logged traffic cannot be imported (docs/migration-guide.md)" },
  PATH_NOT_ALLOWED: { exit: 2, summary: "the suite names a file outside its project root (see --allow-path)" },
  // runtime failure (exit 3)
  ENDPOINT_UNREACHABLE: { exit: 3, summary: "the model endpoint cannot be reached" },
  ALL_ATTEMPTS_FAILED: { exit: 3, summary: "every attempt errored" },
  DATABASE_UNUSABLE: { exit: 3, summary: "the database cannot be opened or migrated" },
  INTERNAL: { exit: 3, summary: "an internal error" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where in a user's file the problem is; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

export interface EvalgateErrorOptions {
  location?: SourceLocation;
  /** What the user should do, e.g. "did you mean `graders`?" */
  hint?: string;
  cause?: unknown;
}

export class EvalgateError extends Error {
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: EvalgateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "EvalgateError";
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  /** One screen, no stack: `file:line:col: message` then the hint. */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : "";
    const hint = this.hint ? `\n  ${printable(this.hint)}` : "";
    return `error[${this.code}] ${where}${printable(this.message)}${hint}`;
  }
}

/**
 * Control characters (newlines among them) and Unicode bidi controls written as `\uXXXX`:
 * a value quoted in a message cannot forge a second line or reorder the terminal's text
 * (U+202E would show `exe.txt` for `txt.exe`).
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function formatLocation(loc: SourceLocation): string {
  if (loc.line === undefined) return loc.file;
  return loc.col === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.col}`;
}

export function isEvalgateError(e: unknown): e is EvalgateError {
  return e instanceof EvalgateError;
}
