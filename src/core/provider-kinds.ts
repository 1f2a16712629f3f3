/**
 * Provider kinds register their names here (as grader families register their schemas), so
 * the suite schema can check a target's or judge's `provider:` while `core` knows none of
 * them. The providers registry (src/providers/registry.ts) registers each kind it holds.
 */
export interface ProviderKindInfo {
  kind: string;
  /** One line for errors and docs. */
  description: string;
}

const kinds = new Map<string, ProviderKindInfo>();

export const DEFAULT_PROVIDER_KIND = "openai";

export function registerProviderKind(info: ProviderKindInfo): void {
  if (kinds.has(info.kind)) throw new Error(`provider kind '${info.kind}' is registered twice`);
  kinds.set(info.kind, info);
}

export function providerKinds(): readonly ProviderKindInfo[] {
  return [...kinds.values()];
}

export function isProviderKind(kind: string): boolean {
  return kinds.has(kind);
}
