import { EvalgateError, providerKinds, registerProviderKind, type GenerateRequest } from "../core/index.js";
import { createOpenAIProvider } from "./openai/provider.js";
import { renderRequest } from "./openai/render.js";
import type { TransportKind } from "./openai/transport.js";
import { BATCH_API_LIMITS } from "./openai/batch/batch-lines.js";
import { createOpenAIBatchProvider } from "./openai/batch/batch-provider.js";
import type { BatchProvider, Provider } from "./provider.js";
import type { RetryInfo } from "./retry.js";

/** What every provider kind is built from: its endpoint, credential, time limits and retry hooks. */
export interface ProviderOptions {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  /** `sdk` sends create requests through the SDK's own fetch and stream parsing instead of the lean transport (EVALGATE_TRANSPORT=sdk). */
  transport?: TransportKind;
  /** The wait between tries (the endpoint's shared throttle routes it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: RetryInfo & { attempt: string }) => void;
}

/** The wire request a provider sends for an attempt: its path and body. */
export interface WireCall {
  path: string;
  body: unknown;
}

/**
 * One provider kind (docs/design/providers.md): how to build it and how it renders a
 * request — what `validate` prints and what the response cache key hashes. Adding a
 * provider is a folder under src/providers/ and one entry below.
 */
export interface ProviderDefinition {
  kind: string;
  description: string;
  /** The default endpoint when a target names no `base_url`. */
  defaultBaseUrl: string;
  create(options: ProviderOptions): Provider;
  render(request: GenerateRequest): WireCall;
  /** Its batch endpoint (`run --batch`), when the kind has one. */
  createBatch?(options: ProviderOptions, maxRequestsPerFile?: number): BatchProvider;
}

const DEFINITIONS: readonly ProviderDefinition[] = [
  {
    kind: "openai",
    description: "OpenAI Chat Completions and Responses through the official SDK (any OpenAI-compatible base_url)",
    defaultBaseUrl: "https://api.openai.com/v1",
    create: createOpenAIProvider,
    createBatch: (o, maxRequests) =>
      createOpenAIBatchProvider({
        baseURL: o.baseURL, apiKey: o.apiKey, timeoutMs: o.timeoutMs, maxRetries: o.maxRetries,
        limits: { ...BATCH_API_LIMITS, maxRequests: Math.min(maxRequests ?? BATCH_API_LIMITS.maxRequests, BATCH_API_LIMITS.maxRequests) },
        ...(o.sleep ? { sleep: o.sleep } : {}),
      }),
    render: (request) => {
      const wire = renderRequest(request);
      return { path: wire.endpoint, body: wire.body };
    },
  },
];

const BY_KIND = new Map(DEFINITIONS.map((d) => [d.kind, d]));
for (const d of DEFINITIONS) registerProviderKind({ kind: d.kind, description: d.description });

export type ProviderKind = (typeof DEFINITIONS)[number]["kind"];

export function knownProviderKinds(): string[] {
  return providerKinds().map((k) => k.kind);
}

/** A provider kind's definition; an unknown kind is an error listing the known ones. */
export function providerDefinition(kind: string): ProviderDefinition {
  const def = BY_KIND.get(kind);
  if (!def) {
    throw new EvalgateError("CONFIG_INVALID", `unknown provider kind "${kind}"`, {
      hint: `known kinds: ${knownProviderKinds().join(", ")} (any OpenAI-compatible endpoint works as "openai" with a base_url)`,
    });
  }
  return def;
}

/** A provider by kind. */
export function createProvider(kind: string, options: ProviderOptions): Provider {
  return providerDefinition(kind).create(options);
}
