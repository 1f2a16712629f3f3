import { EvalgateError } from "../core/index.js";
import { createOpenAIProvider, type OpenAIProviderOptions } from "./openai/provider.js";
import type { Provider } from "./provider.js";

/** Provider kinds and the options each factory takes. */
export interface ProviderOptionsByKind {
  openai: OpenAIProviderOptions;
}

export type ProviderKind = keyof ProviderOptionsByKind;

const FACTORIES: { [K in ProviderKind]: (options: ProviderOptionsByKind[K]) => Provider } = {
  openai: createOpenAIProvider,
};

export function knownProviderKinds(): ProviderKind[] {
  return Object.keys(FACTORIES) as ProviderKind[];
}

/** A provider by kind; an unknown kind is an error listing the known ones. */
export function createProvider<K extends ProviderKind>(kind: K, options: ProviderOptionsByKind[K]): Provider;
export function createProvider(kind: string, options: unknown): Provider;
export function createProvider(kind: string, options: unknown): Provider {
  if (!Object.hasOwn(FACTORIES, kind)) {
    throw new EvalgateError("CONFIG_INVALID", `unknown provider kind "${kind}"`, {
      hint: `known kinds: ${knownProviderKinds().join(", ")} (any OpenAI-compatible endpoint works as "openai" with a base_url)`,
    });
  }
  return FACTORIES[kind as ProviderKind](options as OpenAIProviderOptions);
}
