/**
 * Importing logged traffic (docs/migration-guide.md, docs/design/architecture.md §13): the
 * logged-exchange format and its sources, the mapping of a logged request back to the
 * neutral prompt, sampling, de-duplication and masking, and the suite scaffold. Imports core.
 */
export { importTraffic, type ImportOptions, type ImportReport, type PromptOverlay } from "./import-traffic.js";
export { notRequestOf, parseExchange, type LoggedExchange, type LoggedExchangeLine } from "./logged-exchange.js";
export { fileSource, memorySource, type ExchangeSource, type SourcedExchange } from "./sources.js";
export { mapChatRequest } from "./map-chat.js";
export type { Mapped } from "./map-common.js";
export { DEFAULT_AGREEMENT_MIN, REPLAY_GRADER } from "./scaffold.js";
export { mapResponsesRequest } from "./map-responses.js";
export { createRedactor, luhnValid, redactionMarker, type RedactionCounts, type RedactionKind, type Redactor } from "./redact.js";
export { allocate, sampleRequests, type Allocation } from "./sample.js";
export { readLines } from "./read-lines.js";
export { responsesByIdSource, exchangeOf, type ResponsesByIdOptions } from "./stored-responses.js";
export { storedCompletionsSource, type StoredCompletionsOptions } from "./stored-completions.js";
