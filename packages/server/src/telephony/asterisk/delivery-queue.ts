/**
 * Hands a connector's outcomes to the sink one at a time, in the order they were read. AMI cannot
 * resend an event, so an outcome the sink failed to store (the database is down) stays at the head
 * of the queue and is retried with backoff, never dropped; later ones wait behind it.
 */
import type { ConnectorSink, ProviderOutcome } from '@calltrail/core';
import type { ConnectorLog } from './ami-client.ts';
import { type Backoff, backoffDelay, redeliveryBackoff } from './backoff.ts';

export class DeliveryQueue {
  private readonly items: ProviderOutcome[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly sink: ConnectorSink,
    private readonly log: ConnectorLog,
    private readonly backoff: Backoff = redeliveryBackoff,
    private readonly random: () => number = Math.random,
  ) {}

  push(outcome: ProviderOutcome): void {
    if (outcome.calls.length === 0 && outcome.recordings.length === 0) return;
    this.items.push(outcome);
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
  }

  get pending(): number {
    return this.items.length;
  }

  /** Resolves once everything pushed so far is stored, however many retries that takes. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    for (let next = this.items[0]; next !== undefined; next = this.items[0]) {
      try {
        await this.sink.deliver(next);
        this.items.shift();
        attempt = 0;
      } catch (error) {
        const delayMs = backoffDelay(attempt, this.backoff, this.random);
        attempt += 1;
        this.log('storing call events failed; retrying', {
          error: (error as Error).message,
          attempt,
          delayMs,
          waiting: this.items.length,
        });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }
}
