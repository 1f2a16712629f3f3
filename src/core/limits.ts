/**
 * What one process accepts from a suite, so a mistake (or a hostile suite) is refused with
 * a clear message before memory is allocated, never by an out-of-memory crash.
 * docs/suite-format.md lists them.
 */
export const LIMITS = {
  /** Rows of all of a suite's datasets together. */
  datasetRows: 1_000_000,
  /** One `.jsonl` or `.csv` line (record). */
  lineBytes: 1024 * 1024,
  /** Any dataset or other file a suite reads. */
  fileBytes: 512 * 1024 * 1024,
  /** YAML aliases one document may expand (an alias bomb fails fast). */
  yamlAliases: 100,
  /** cases × arms × repeats of one `run` or `validate`. */
  plannedAttempts: 1_000_000,
  /** The suite file itself (datasets have their own, larger limit). */
  suiteBytes: 64 * 1024 * 1024,
  /** One string value in a case (a var, a nested field), in every dataset format and inline. */
  valueBytes: 1024 * 1024,
  /** How deep a case's vars may nest (maps and lists). */
  valueDepth: 64,
  /** `repeat:` in a suite and `--repeat`. */
  repeat: 1000,
  /** `gates.looks.max`: a group-sequential design spends its 5% over at most this many looks. */
  looks: 100,
} as const;
