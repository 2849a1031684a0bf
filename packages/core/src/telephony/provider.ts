/**
 * The telephony port. A provider turns what a PBX sends into call events and recording references,
 * whichever way it arrives:
 * - a webhook provider verifies and reads one HTTP request (and may shape the answer, as Twilio's
 *   TwiML or Zadarma's echo check need);
 * - a connector provider keeps a connection of its own to the PBX (Asterisk's AMI) and hands over
 *   the same events as they come.
 * Implementations live in the server, one folder each under `src/telephony/`; the call record is
 * folded from their events by the same code whoever sent them.
 */
import type { CallEvent } from '../call/call.ts';

/** One call event from a provider, with what identifies the call and the delivery. */
export interface ProviderCallEvent {
  providerCallId: string;
  /** Same content, same key: a repeated delivery changes nothing. */
  dedupeKey: string;
  event: CallEvent;
  /** The provider's data this event was read from, kept with it for audits. */
  raw: unknown;
}

/** A recording the provider has, to be fetched with the connection's credentials. */
export interface RecordingReference {
  providerCallId: string;
  providerRecordingId: string;
  /** Where to fetch it, when the provider says; otherwise the provider knows how to ask for it. */
  url?: string;
  durationSeconds?: number;
}

/** What a provider made of one delivery. */
export interface ProviderOutcome {
  calls: ProviderCallEvent[];
  recordings: RecordingReference[];
}

/** An HTTP request as a webhook provider sees it. Header names are lower case. */
export interface WebhookRequest {
  method: string;
  /** The URL the provider was given, rebuilt from PUBLIC_URL (what signatures are computed over). */
  publicUrl: string;
  /** The part of the path after the connection's token, such as `events/summary`; '' for none. */
  subpath: string;
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string>>;
  /** The body as received, for signatures. */
  rawBody: string;
  /** Form fields of an `application/x-www-form-urlencoded` body (the last value of a repeated name). */
  form: Readonly<Record<string, string>>;
  receivedAt: Date;
}

/** A reply that is more than the usual `{ "accepted": true }`. */
export interface WebhookReply {
  contentType: string;
  body: string;
}

/** What a webhook provider may ask of the server while it reads a request. */
export interface WebhookContext<Credentials, Settings> {
  credentials: Credentials;
  settings: Settings;
  /** The server's public base URL, for URLs the provider should call back. */
  publicBaseUrl: string;
  /** The connection's own webhook base (`…/hooks/v1/<provider>/<token>`). */
  webhookBase: string;
  /** Where calls to a tracking number are forwarded, when the workspace set it. */
  destinationOf(trackingNumber: string): Promise<string | null>;
}

/** A recording to fetch, as stored when the provider reported it. */
export interface RecordingToFetch {
  providerCallId: string;
  providerRecordingId: string;
  sourceUrl: string | null;
}

/** Fetches with the provider's authentication; `fetch` is passed in, so tests can stand in a peer. */
export type RecordingFetcher<Credentials> = (
  recording: RecordingToFetch,
  credentials: Credentials,
  fetch: typeof globalThis.fetch,
) => Promise<Response>;

export interface WebhookProvider<Credentials = unknown, Settings = unknown> {
  kind: 'webhook';
  /** How to fetch a recording it reported; without one, a plain GET of its URL. */
  fetchRecording?: RecordingFetcher<Credentials>;
  /** Throws AppError('INVALID_SIGNATURE') unless the request is the provider's. */
  verify(request: WebhookRequest, credentials: Credentials): void;
  /**
   * Reads a verified request. Throws AppError with a 4xx code for what it cannot read (an unknown
   * event, a missing field); the server answers it and stores nothing.
   */
  handle(
    request: WebhookRequest,
    context: WebhookContext<Credentials, Settings>,
  ): Promise<ProviderOutcome & { reply?: WebhookReply }>;
}

/** Where a connector delivers: stored before the promise resolves. */
export interface ConnectorSink {
  deliver(outcome: ProviderOutcome): Promise<void>;
}

/** A live connection to a PBX, started by the server for each connector connection. */
export interface Connector {
  /** Resolves once the connector stopped and delivered what it had. */
  close(): Promise<void>;
}

export interface ConnectorProvider<Credentials = unknown, Settings = unknown> {
  kind: 'connector';
  connect(
    config: { credentials: Credentials; settings: Settings },
    sink: ConnectorSink,
    log: (message: string, details?: Record<string, unknown>) => void,
  ): Connector;
}

export type TelephonyProvider = WebhookProvider<never, never> | ConnectorProvider<never, never>;
