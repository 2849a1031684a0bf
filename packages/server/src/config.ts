/**
 * The only reader of process.env: every setting is read once, validated, frozen and passed down.
 * A bad value fails start-up with the variable's name and what was expected.
 */
import { join, resolve } from 'node:path';
import { parseSecretKey } from './secrets/secret-box.ts';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly redisUrl: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly cookieSecure: boolean;
  /** Believe X-Forwarded-For (client IPs for throttling) only behind a proxy that sets it. */
  readonly trustProxy: boolean;
  readonly adminEmail: string | null;
  readonly adminPassword: string | null;
  /** Snippet API requests per minute allowed from one IP to one site; 0 turns the limit off. */
  readonly snippetRateLimit: number;
  /** How often sessions, page views, heartbeats and lease history are written in batches; 0: before each reply. */
  readonly trackingFlushMs: number;
  /** How long a site's pools and numbers are cached for the snippet API. */
  readonly siteCacheMs: number;
  /** SECRET_KEY: seals provider credentials; null means the key file in the data directory. */
  readonly secretKey: Buffer | null;
  /** Where call recordings' audio is kept. */
  readonly recordings: RecordingsConfig;
}

/** RECORDINGS_STORE=fs (a directory, the default) or s3 (S3-compatible object storage, S3_*). */
export type RecordingsConfig =
  | { readonly store: 'fs'; readonly directory: string }
  | {
      readonly store: 's3';
      readonly endpoint: string;
      readonly region: string;
      readonly bucket: string;
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      readonly forcePathStyle: boolean;
    };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: expected a ${protocols.join(' or ')} URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(`${name}: expected a ${protocols.join(' or ')} URL, got "${raw}"`);
  }
  return raw;
}

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name}: required ${why}`);
  return value;
}

const s3Settings = [
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
];

function recordingsConfig(env: NodeJS.ProcessEnv, dataDir: string): RecordingsConfig {
  const store = env.RECORDINGS_STORE || 'fs';
  if (store === 'fs') {
    // Set but unused, they would mean recordings silently land on the local disk.
    const stray = s3Settings.filter((name) => env[name]);
    if (stray.length > 0) {
      throw new ConfigError(
        `${stray.join(', ')}: set, but RECORDINGS_STORE is not s3 (set RECORDINGS_STORE=s3)`,
      );
    }
    return { store, directory: join(dataDir, 'recordings') };
  }
  if (store !== 's3') throw new ConfigError(`RECORDINGS_STORE: expected fs or s3, got "${store}"`);
  const why = 'with RECORDINGS_STORE=s3';
  const region = env.S3_REGION || 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new ConfigError(`S3_REGION: expected a region name such as eu-central-1, got "${region}"`);
  }
  const bucket = required(env, 'S3_BUCKET', why);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      `S3_BUCKET: expected a bucket name (3 to 63 lower-case letters, digits, dots and hyphens), got "${bucket}"`,
    );
  }
  const pathStyle = env.S3_FORCE_PATH_STYLE;
  if (pathStyle !== undefined && pathStyle !== '' && pathStyle !== 'true' && pathStyle !== 'false') {
    throw new ConfigError(`S3_FORCE_PATH_STYLE: expected true or false, got "${pathStyle}"`);
  }
  return {
    store,
    endpoint: (url(env, 'S3_ENDPOINT', ['http', 'https']) ?? `https://s3.${region}.amazonaws.com`).replace(
      /\/+$/,
      '',
    ),
    region,
    bucket,
    accessKeyId: required(env, 'S3_ACCESS_KEY_ID', why),
    secretAccessKey: required(env, 'S3_SECRET_ACCESS_KEY', why),
    forcePathStyle: pathStyle === 'true',
  };
}

export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (url(env, 'PUBLIC_URL', ['http', 'https']) ?? `http://localhost:${port}`).replace(
    /\/+$/,
    '',
  );
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL: expected one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const secure = env.COOKIE_SECURE;
  if (secure !== undefined && secure !== '' && secure !== 'true' && secure !== 'false' && secure !== 'auto') {
    throw new ConfigError(`COOKIE_SECURE: expected true, false or auto, got "${secure}"`);
  }
  const trustProxy = env.TRUST_PROXY;
  if (trustProxy !== undefined && trustProxy !== '' && trustProxy !== 'true' && trustProxy !== 'false') {
    throw new ConfigError(`TRUST_PROXY: expected true or false, got "${trustProxy}"`);
  }
  const secretKey = env.SECRET_KEY ? parseSecretKey(env.SECRET_KEY) : null;
  if (env.SECRET_KEY && !secretKey) {
    throw new ConfigError('SECRET_KEY: expected 32 bytes as 64 hex digits or base64 (openssl rand -hex 32)');
  }
  const dataDir = resolve(cwd, env.DATA_DIR || 'data');
  return Object.freeze({
    port,
    host,
    publicUrl,
    dataDir,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    logLevel,
    cookieSecure: secure === 'true' || ((!secure || secure === 'auto') && publicUrl.startsWith('https:')),
    trustProxy: trustProxy === 'true',
    adminEmail: env.CALLTRAIL_ADMIN_EMAIL || null,
    adminPassword: env.CALLTRAIL_ADMIN_PASSWORD || null,
    snippetRateLimit: integer(env, 'SNIPPET_RATE_LIMIT', 600, 0, 1_000_000),
    trackingFlushMs: integer(env, 'TRACKING_FLUSH_MS', 250, 0, 60_000),
    siteCacheMs: integer(env, 'SITE_CACHE_MS', 5000, 0, 600_000),
    secretKey,
    recordings: Object.freeze(recordingsConfig(env, dataDir)),
  });
}
