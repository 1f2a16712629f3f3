import { DEFAULT_PROVIDER_KIND, EvalgateError, type GenerateRequest } from "../core/index.js";
import type { TransportKind } from "./openai/transport.js";
import type { BatchProvider, Provider } from "./provider.js";
import { providerDefinition, type ProviderOptions, type WireCall } from "./registry.js";

/** A target or judge as far as reaching its endpoint goes (the suite's fields). */
export interface EndpointSpec {
  id: string;
  /** "target" or "judge", for messages. */
  role: "target" | "judge";
  provider?: string;
  /** A URL, or `sim` for the built-in simulator. */
  base_url?: string;
  api_key_env?: string;
  timeout_ms?: number;
  max_retries?: number;
}

export interface EndpointContext {
  /** The in-process simulator's URL, when one runs. */
  simUrl?: string;
  /** `--sim`: every endpoint on the simulator. */
  allOnSim: boolean;
  env: Record<string, string | undefined>;
  /** `--offline`: nothing is sent, so no key is needed. */
  offline: boolean;
  /** Retry hooks per endpoint URL (the run's shared throttle). */
  hooksFor?: (baseUrl: string) => Pick<ProviderOptions, "sleep" | "onRetry">;
}

/** A built endpoint: its provider, where it points, and how it renders a request. */
export interface Endpoint {
  provider: Provider;
  /** The base URL requests go to. */
  baseUrl: string;
  /** The endpoint's identity in cache keys: `sim` for the built-in simulator (whatever its port), else the URL. */
  cacheIdentity: string;
  onSim: boolean;
  render(request: GenerateRequest): WireCall;
}

const SIM_KEY = "sk-evalgate-simulator";
const OFFLINE_KEY = "sk-evalgate-offline";

export function endpointOnSim(spec: Pick<EndpointSpec, "base_url">, allOnSim: boolean): boolean {
  return allOnSim || spec.base_url === "sim";
}

/**
 * The one way a target's or a judge's provider is built (docs/design/architecture.md §6):
 * the same key rules (the simulator's own key; none needed offline; else the named
 * variable, or a BAD_FLAG saying how to set it), the same time limits and the same
 * throttle hooks, whatever the role.
 */
export function buildEndpoint(spec: EndpointSpec, ctx: EndpointContext): Endpoint {
  const { def, onSim, baseUrl, options } = resolveEndpoint(spec, ctx);
  return { provider: def.create(options), baseUrl, cacheIdentity: onSim ? "sim" : baseUrl, onSim, render: def.render };
}

/**
 * A target's batch endpoint (`run --batch`), built under the same key rules, time limits
 * and throttle hooks as buildEndpoint; a kind without one is refused, naming the target.
 */
export function buildBatchEndpoint(spec: EndpointSpec, ctx: EndpointContext, maxRequestsPerFile?: number): BatchProvider {
  const { def, options } = resolveEndpoint(spec, ctx);
  if (!def.createBatch) {
    throw new EvalgateError("BAD_FLAG", `${spec.role} ${spec.id} uses provider ${def.kind}, which has no batch endpoint`, {
      hint: "run without --batch, or only the targets whose provider has one (--targets)",
    });
  }
  return def.createBatch(options, maxRequestsPerFile);
}

function resolveEndpoint(spec: EndpointSpec, ctx: EndpointContext) {
  const def = providerDefinition(spec.provider ?? DEFAULT_PROVIDER_KIND);
  const onSim = endpointOnSim(spec, ctx.allOnSim);
  if (onSim && !ctx.simUrl) throw new EvalgateError("INTERNAL", `${spec.role} ${spec.id} runs on the simulator, which was not started`);
  const keyEnv = spec.api_key_env ?? "OPENAI_API_KEY";
  const apiKey = onSim ? SIM_KEY : ctx.env[keyEnv] || (ctx.offline ? OFFLINE_KEY : undefined);
  if (!apiKey) {
    throw new EvalgateError("BAD_FLAG", `${spec.role} ${spec.id} needs an API key in $${keyEnv}, which is not set`, {
      hint: `export ${keyEnv}=sk-… (or put it in .env), run offline from recorded responses with --offline, or on the simulator with --sim / base_url: sim`,
    });
  }
  const baseUrl = onSim ? (ctx.simUrl as string) : (spec.base_url ?? def.defaultBaseUrl);
  const options: ProviderOptions = {
    baseURL: baseUrl,
    apiKey,
    timeoutMs: spec.timeout_ms ?? 60_000,
    maxRetries: spec.max_retries ?? 4,
    transport: transportOf(ctx.env),
    ...(ctx.hooksFor?.(baseUrl) ?? {}),
  };
  return { def, onSim, baseUrl, options };
}

/** `EVALGATE_TRANSPORT`: `lean` (the default) or `sdk` (docs/design/providers.md); anything else is refused. */
function transportOf(env: Record<string, string | undefined>): TransportKind {
  const value = env.EVALGATE_TRANSPORT?.trim() ?? "";
  if (value === "" || value === "lean") return "lean";
  if (value === "sdk") return "sdk";
  throw new EvalgateError("BAD_FLAG", `EVALGATE_TRANSPORT is ${JSON.stringify(value)}: it takes lean or sdk`, {
    hint: "unset it for the lean transport, or set EVALGATE_TRANSPORT=sdk to send requests through the OpenAI SDK's fetch",
  });
}

/** The wire request an attempt would be sent as, for a spec's provider kind (what `validate` prints). */
export function renderFor(spec: Pick<EndpointSpec, "provider">, request: GenerateRequest): WireCall {
  return providerDefinition(spec.provider ?? DEFAULT_PROVIDER_KIND).render(request);
}
