/**
 * What one simulation runs, and the reference's scenarios S1–S6 (§3.5) as presets that options can
 * override.
 */
import type { ExhaustionPolicy } from '../pool/lease.ts';
import { defaultTrafficModel, type TrafficModel } from './traffic-model.ts';

export interface SimulationConfig {
  preset: PresetId | null;
  description: string;
  traffic: TrafficModel;
  days: number;
  seed: number;
  /** The pools' post-visit hold. */
  holdMinutes: number;
  policy: ExhaustionPolicy;
  /** Numbers in every pool; null sizes each pool with Erlang B for its busy hour. */
  poolSize: number | null;
  /** Scales the Erlang size (S5 under-provisions at 0.8); ignored when poolSize is set. */
  poolSizeFactor: number;
  /** The blocking target Erlang sizing aims at. */
  target: number;
  /** Start of the virtual clock, ISO 8601; a Monday midnight so the weekly profile starts on its first day. */
  startAt: string;
}

export const presetIds = ['s1', 's2', 's3', 's4', 's5', 's6'] as const;
export type PresetId = (typeof presetIds)[number];

export function isPresetId(value: string): value is PresetId {
  return (presetIds as readonly string[]).includes(value);
}

export interface SimulationOverrides {
  days?: number;
  sessionsPerDay?: number;
  holdMinutes?: number;
  poolSize?: number;
  target?: number;
  policy?: ExhaustionPolicy;
  seed?: number;
}

export const defaultPreset: PresetId = 's2';

const base: SimulationConfig = {
  preset: null,
  description: '',
  traffic: defaultTrafficModel,
  days: 7,
  seed: 1,
  holdMinutes: 30,
  policy: 'fallback',
  poolSize: null,
  poolSizeFactor: 1,
  target: 0.01,
  startAt: '2026-01-05T00:00:00.000Z',
};

interface Preset {
  description: string;
  days?: number;
  traffic?: Partial<TrafficModel>;
  poolSizeFactor?: number;
  /** Changes that depend on the final options (a burst placed inside the run). */
  adjust?(config: SimulationConfig): SimulationConfig;
}

export const presets: Record<PresetId, Preset> = {
  s1: {
    description: 'S1 small: 2,000 sessions/day, one pool (the small-load regime)',
    traffic: { sessionsPerDay: 2_000 },
  },
  s2: {
    description: 'S2 mid: 50,000 sessions/day, one shared pool for 6 channels',
  },
  s3: {
    // Scaled down tenfold from the reference's 1,000,000 sessions/day, and to one day: at full size the
    // largest pool has ~8,000 numbers and the run takes minutes. --sessions-per-day and --days scale it up.
    description:
      'S3 multi-tenant (scaled ÷10): 100,000 sessions/day over 1,000 sites (Zipf s = 1.1), a pool each',
    days: 1,
    traffic: { sessionsPerDay: 100_000, sites: 1_000, siteZipfExponent: 1.1 },
  },
  s4: {
    description: 'S4 spike: S2 with e-mail traffic ×5 for 20 minutes at 11:00 on the second day',
    adjust: (config) => ({
      ...config,
      traffic: {
        ...config.traffic,
        bursts: [
          {
            channel: 'email',
            startHours: (config.days >= 2 ? 24 : 0) + 11,
            durationMinutes: 20,
            factor: 5,
          },
        ],
      },
    }),
  },
  s5: {
    description: 'S5 under-provisioned: S2 with 0.8 × the Erlang pool size',
    poolSizeFactor: 0.8,
  },
  s6: {
    description: 'S6 late callers: S2 with 60% of calls after the visit, median delay 20 minutes',
    traffic: { callDuringVisitShare: 0.4, callDelayMedianSeconds: 1_200 },
  },
};

export function presetConfig(id: PresetId, overrides: SimulationOverrides = {}): SimulationConfig {
  const preset = presets[id];
  const traffic: TrafficModel = { ...base.traffic, ...preset.traffic };
  if (overrides.sessionsPerDay !== undefined) traffic.sessionsPerDay = overrides.sessionsPerDay;
  const config: SimulationConfig = {
    ...base,
    preset: id,
    description: preset.description,
    traffic,
    days: overrides.days ?? preset.days ?? base.days,
    seed: overrides.seed ?? base.seed,
    holdMinutes: overrides.holdMinutes ?? base.holdMinutes,
    policy: overrides.policy ?? base.policy,
    poolSize: overrides.poolSize ?? null,
    poolSizeFactor: preset.poolSizeFactor ?? 1,
    target: overrides.target ?? base.target,
  };
  return preset.adjust ? preset.adjust(config) : config;
}
