import { EndpointThrottle, type ThrottleStats } from "./backoff.js";

export interface EndpointThrottles {
  (endpoint: string): EndpointThrottle;
  /** Per endpoint that met rate limits: how often, and how far its concurrency went down and back. */
  report(): Array<ThrottleStats & { endpoint: string }>;
}

/** One shared throttle per endpoint URL: a 429 on one target (or judge) slows every caller of that endpoint. */
export function createThrottles(maxConcurrency: number): EndpointThrottles {
  const byEndpoint = new Map<string, EndpointThrottle>();
  const throttleFor = (endpoint: string) => {
    let throttle = byEndpoint.get(endpoint);
    if (!throttle) byEndpoint.set(endpoint, (throttle = new EndpointThrottle({ maxConcurrency })));
    return throttle;
  };
  throttleFor.report = () => [...byEndpoint].map(([endpoint, t]) => ({ endpoint, ...t.stats() })).filter((s) => s.rateLimits > 0);
  return throttleFor;
}

/** The provider options that route its retry waits and 429s through the endpoint's throttle. */
export function throttleHooks(throttle: EndpointThrottle) {
  return {
    sleep: throttle.sleep,
    onRetry: (info: { error: { kind: string }; waitMs: number }) => {
      if (info.error.kind === "rate_limit") throttle.onRateLimit(info.waitMs);
    },
  };
}
