/**
 * The Asterisk connector: an AMI client whose events are assembled into call events and delivered
 * in order. After every login it lists the channels that are up (CoreShowChannels), so the calls in
 * progress are known and those whose channels vanished during an outage are closed.
 */
import type { Connector, ConnectorSink } from '@calltrail/core';
import { AmiClient, type ConnectorLog } from './ami-client.ts';
import type { Backoff } from './backoff.ts';
import { type AssemblySettings, CallAssembler } from './call-assembly.ts';
import { DeliveryQueue } from './delivery-queue.ts';

export interface AmiConnectorOptions {
  credentials: { host: string; port: number; username: string; secret: string };
  settings: AssemblySettings;
  sink: ConnectorSink;
  log: ConnectorLog;
  /** When a frame was read; the server's clock. */
  now?: () => Date;
  reconnect?: Backoff;
  redelivery?: Backoff;
  pingIntervalMs?: number;
  responseTimeoutMs?: number;
}

export function startAmiConnector(options: AmiConnectorOptions): Connector {
  const { log, now = () => new Date() } = options;
  const assembler = new CallAssembler(options.settings, log);
  const deliveries = new DeliveryQueue(options.sink, log, options.redelivery);
  const client = new AmiClient({
    ...options.credentials,
    // `call` carries the channel, dial and bridge events; `cdr` the Cdr events of cdr_manager.
    events: 'call,cdr',
    log,
    ...(options.reconnect && { backoff: options.reconnect }),
    ...(options.pingIntervalMs && { pingIntervalMs: options.pingIntervalMs }),
    ...(options.responseTimeoutMs && { responseTimeoutMs: options.responseTimeoutMs }),
    onEvent(frame) {
      try {
        deliveries.push({ calls: assembler.accept(frame, now()), recordings: [] });
      } catch (error) {
        // One frame the assembler cannot read must not end the connection and its later events.
        log('AMI event could not be read', { event: frame.event, error: (error as Error).message });
      }
    },
    async onLogin(session) {
      assembler.beginListing();
      const response = await session.action('CoreShowChannels').catch((error: Error) => error);
      if (response instanceof Error || response.get('Response') !== 'Success') {
        assembler.abandonListing();
        log('CoreShowChannels failed: calls in progress across a reconnect cannot be reconciled', {
          message: response instanceof Error ? response.message : response.get('Message'),
        });
      }
    },
  });
  client.start();
  return {
    async close() {
      await client.close();
      await deliveries.drain();
    },
  };
}
