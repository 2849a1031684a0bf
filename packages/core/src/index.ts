/** Calltrail's pure domain. No I/O: clocks, ids and stores are passed in. */

export * from './attribution/match-lease.ts';
export * from './auth/permissions.ts';
export * from './call/call.ts';
export * from './call/fold-call-events.ts';
export * from './channel/channel.ts';
export * from './channel/classify-channel.ts';
export * from './errors.ts';
export * from './errors-doc.ts';
export * from './phone/dial-plan.ts';
export * from './phone/normalize-phone.ts';
export * from './pool/assign-numbers.ts';
export * from './pool/erlang-b.ts';
export * from './pool/lease.ts';
export * from './pool/memory-lease-store.ts';
export * from './pool/pool-health.ts';
export * from './pool/pool-sizing.ts';
export * from './pool/routing.ts';
export * from './ports.ts';
export * from './session/describe-arrival.ts';
export * from './session/session-rules.ts';
export * from './session/touch.ts';
export * from './session/user-agent.ts';
export * from './simulator/index.ts';
export * from './telephony/provider.ts';
export * from './time/wall-clock.ts';
