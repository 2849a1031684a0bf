/**
 * Turns the AMI event stream into call events, one call per `Linkedid` (the Uniqueid of a call's
 * oldest channel, which Asterisk gives every channel of the call). The caller's leg is the channel
 * whose Uniqueid is the Linkedid; what it is decides the call:
 * - inbound when it came in on a trunk context (its Exten is the dialled DID) or carries the DID
 *   variable (exported with `channelvars`), which wins over the Exten;
 * - outbound when it is an extension that dialled an outside number;
 * - otherwise internal (extension to extension), which call tracking ignores.
 * With a DID variable configured, the decision waits for the first dial or hangup, because dialplans
 * set the variable after the channel appears.
 *
 * Then: DialBegin rings an agent; DialEnd ANSWER answers (a later, different agent is a transfer);
 * BridgeEnter confirms the talk, and is how an attended transfer shows; the hangup of the call's last
 * channel ends it, with the status of its dials or the caller's hangup cause; each Cdr of the caller's
 * leg gives the call's summary (cdr-summary.ts). A channel listing after each login (CoreShowChannels)
 * finds the calls in progress and the channels that hung up while disconnected.
 *
 * Every frame's events are remembered per call, so a frame seen again yields the very same events,
 * and the same dedupe keys: a replayed stream changes nothing.
 */
import type { CallDirection, CallEvent, CallSummary, EndStatus, ProviderCallEvent } from '@calltrail/core';
import { sha256 } from '../../ids.ts';
import { canonicalJson } from '../generic/index.ts';
import type { ConnectorLog } from './ami-client.ts';
import type { AmiFrame } from './ami-frame.ts';
import {
  agentOfDial,
  dialTarget,
  durationSeconds,
  eventTime,
  externalNumber,
  queueOfApplication,
  unansweredStatus,
} from './call-legs.ts';
import { type CdrRecord, foldCdrs, readCdr } from './cdr-summary.ts';

export interface AssemblySettings {
  /** Contexts where calls from the outside enter the dialplan (their Exten is the DID). */
  trunkContexts: readonly string[];
  /** Contexts where callers wait in a queue (their Exten names the queue). */
  queueContexts: readonly string[];
  /** A channel variable carrying the DID, exported with manager.conf's `channelvars`. */
  didVariable: string | null;
  /** The PBX's IANA time zone, for the Cdr's local times. */
  timeZone: string;
}

/** Ended calls are kept this long for their Cdr and for replays; silent ones are dropped after a day. */
const endedRetentionMs = 15 * 60_000;
const staleCallMs = 24 * 60 * 60_000;
/** Bounds the maps of channels whose hangup may never come (it happened while disconnected). */
const maxRememberedChannels = 20_000;

interface CallState {
  id: string;
  kind: 'pending' | 'inbound' | 'outbound' | 'internal';
  startAt: Date | null;
  startReceivedAt: Date;
  callerNumber: string;
  exten: string;
  onTrunk: boolean;
  direction: CallDirection;
  from: string;
  to: string;
  queue: string | null;
  answered: boolean;
  /** The agent who answered, then each one the call was transferred to. */
  agents: string[];
  lastDialStatus: string | null;
  callerCause: string | null;
  live: Set<string>;
  hungUp: Set<string>;
  channels: Set<string>;
  ended: boolean;
  cdrs: CdrRecord[];
  /** The events each frame gave, without the frame itself: a repeat of the frame brings it again. */
  memo: Map<string, Omit<ProviderCallEvent, 'raw'>[]>;
  touchedAt: number;
}

interface Part {
  kind: CallEvent['kind'];
  at: Date | null;
  receivedAt?: Date;
  agent?: string;
  endStatus?: EndStatus;
  summary?: CallSummary;
}

/** What identifies a frame's content; a listing's ActionID and a channel's age change between logins. */
function frameIdentity(frame: AmiFrame): string {
  const volatile = frame.event === 'CoreShowChannel' ? ['actionid', 'duration'] : ['actionid'];
  return sha256(canonicalJson(frame.headers.filter(([key]) => !volatile.includes(key.toLowerCase()))));
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  if (map.size > maxRememberedChannels) map.delete(map.keys().next().value as string);
}

export class CallAssembler {
  private readonly calls = new Map<string, CallState>();
  /** Uniqueid → Linkedid of every channel of a call being assembled. */
  private readonly channelCall = new Map<string, string>();
  /** Uniqueid of a rung channel → the agent it rang, whatever call it belongs to. */
  private readonly channelAgent = new Map<string, string>();
  private readonly bridges = new Map<string, Set<string>>();
  private listing: { listed: Set<string>; seen: Set<string> } | null = null;
  private prunedAt = 0;

  constructor(
    private readonly settings: AssemblySettings,
    private readonly log: ConnectorLog,
  ) {}

  /** A new login is about to list the channels that are up (CoreShowChannels). */
  beginListing(): void {
    this.listing = { listed: new Set(), seen: new Set() };
  }

  /** The listing was refused (the AMI user lacks the permission): nothing can be reconciled. */
  abandonListing(): void {
    this.listing = null;
  }

  accept(frame: AmiFrame, receivedAt: Date): ProviderCallEvent[] {
    this.prune(receivedAt.getTime());
    // A channel that shows up while the listing runs was created after it: it is not a vanished one.
    if (this.listing && frame.event !== 'CoreShowChannel') {
      for (const name of ['Uniqueid', 'DestUniqueid']) {
        const uniqueid = frame.get(name);
        if (uniqueid) this.listing.seen.add(uniqueid);
      }
    }
    switch (frame.event) {
      case 'Newchannel':
      case 'CoreShowChannel':
        return this.onChannel(frame, receivedAt);
      case 'DialBegin':
        return this.onDialBegin(frame, receivedAt);
      case 'DialEnd':
        return this.onDialEnd(frame, receivedAt);
      case 'BridgeEnter':
        return this.onBridgeEnter(frame, receivedAt);
      case 'BridgeLeave':
        this.onBridgeLeave(frame);
        return [];
      case 'Hangup':
        return this.onHangup(frame, receivedAt);
      case 'Cdr':
        return this.onCdr(frame, receivedAt);
      case 'CoreShowChannelsComplete':
        return this.onListingComplete(receivedAt);
      default:
        return [];
    }
  }

  private onChannel(frame: AmiFrame, receivedAt: Date): ProviderCallEvent[] {
    const uniqueid = frame.get('Uniqueid');
    const linkedid = frame.get('Linkedid');
    if (!uniqueid || !linkedid) return [];
    const listed = frame.event === 'CoreShowChannel';
    if (listed) this.listing?.listed.add(uniqueid);
    let call = this.calls.get(linkedid);
    if (!call) {
      // A leg of a call whose caller's leg we never saw: nothing to say who called whom.
      if (uniqueid !== linkedid) return [];
      // A listed channel has existed for `Duration`: that is when its call began.
      const at = listed
        ? new Date(receivedAt.getTime() - durationSeconds(frame.get('Duration')) * 1000)
        : eventTime(frame);
      call = this.discover(frame, receivedAt, at);
    }
    const found = call;
    return this.once(found, frame, receivedAt, () => {
      this.trackChannel(found, uniqueid);
      if (uniqueid !== found.id) return [];
      found.queue ??= queueOfApplication(frame.get('Application'), frame.get('ApplicationData')) ?? null;
      return this.classify(found, frame, false);
    });
  }

  private onDialBegin(frame: AmiFrame, receivedAt: Date): ProviderCallEvent[] {
    const linkedid = frame.get('Linkedid') ?? '';
    const uniqueid = frame.get('Uniqueid') ?? '';
    const destUniqueid = frame.get('DestUniqueid');
    let call = this.calls.get(linkedid);
    if (!call && uniqueid === linkedid && linkedid) call = this.discover(frame, receivedAt, eventTime(frame));
    if (!call) {
      // Remembered for every call: an agent's consultation call joins the caller's bridge when an
      // attended transfer completes.
      const agent = agentOfDial(frame, frame.get('CallerIDNum') ?? '');
      if (destUniqueid && agent) remember(this.channelAgent, destUniqueid, agent);
      return [];
    }
    const found = call;
    return this.once(found, frame, receivedAt, () => {
      this.trackChannel(found, uniqueid);
      if (destUniqueid) this.trackChannel(found, destUniqueid);
      const parts = this.classify(
        found,
        uniqueid === found.id ? frame : undefined,
        true,
        frame.get('DialString'),
      );
      const agent = found.kind === 'outbound' ? found.from : agentOfDial(frame, found.callerNumber);
      if (destUniqueid && agent) remember(this.channelAgent, destUniqueid, agent);
      if (!this.tracked(found)) return parts;
      if (!found.queue && this.settings.queueContexts.includes(frame.get('Context') ?? '')) {
        found.queue = frame.get('Exten') || null;
      }
      parts.push({ kind: 'ringing', at: eventTime(frame), ...(agent ? { agent } : {}) });
      return parts;
    });
  }

  private onDialEnd(frame: AmiFrame, receivedAt: Date): ProviderCallEvent[] {
    const call = this.callOf(frame.get('Linkedid'), frame.get('Uniqueid'));
    if (!call) return [];
    return this.once(call, frame, receivedAt, () => {
      const uniqueid = frame.get('Uniqueid') ?? '';
      const destUniqueid = frame.get('DestUniqueid') ?? '';
      const parts = this.classify(
        call,
        uniqueid === call.id ? frame : undefined,
        true,
        frame.get('DialString'),
      );
      if (!this.tracked(call)) return parts;
      const status = frame.get('DialStatus') ?? '';
      if (status !== 'ANSWER') {
        if (status) call.lastDialStatus = status;
        return parts;
      }
      const agent =
        call.kind === 'outbound'
          ? call.from
          : (this.channelAgent.get(destUniqueid) ?? agentOfDial(frame, call.callerNumber));
      return [...parts, ...this.answeredBy(call, agent, eventTime(frame))];
    });
  }

  private onBridgeEnter(frame: AmiFrame, receivedAt: Date): ProviderCallEvent[] {
    const bridgeId = frame.get('BridgeUniqueid') ?? '';
    const uniqueid = frame.get('Uniqueid') ?? '';
    let members = this.bridges.get(bridgeId);
    if (!members) {
      members = new Set();
      remember(this.bridges, bridgeId, members);
    }
    const swapped = frame.get('SwapUniqueid');
    if (swapped) members.delete(swapped);
    members.add(uniqueid);
    // The bridge may belong to another call: in an attended transfer the caller is moved into the
    // bridge of the agent's consultation call.
    const memberList = [...members];
    const call = [frame.get('Linkedid'), ...memberList.map((member) => this.channelCall.get(member))]
      .map((id) => (id === undefined ? undefined : this.calls.get(id)))
      .find((candidate) => candidate !== undefined && this.tracked(candidate));
    if (!call) return [];
    return this.once(call, frame, receivedAt, () => {
      if (frame.get('Linkedid') === call.id) this.trackChannel(call, uniqueid);
      if (memberList.length < 2) return [];
      let agent: string | undefined = call.from;
      if (call.kind === 'inbound') {
        const others = uniqueid === call.id ? memberList.filter((member) => member !== uniqueid) : [uniqueid];
        const agents = others.flatMap((member) => this.channelAgent.get(member) ?? []);
        agent = agents.find((candidate) => candidate !== call.agents.at(-1)) ?? agents[0];
      }
      return agent ? this.answeredBy(call, agent, eventTime(frame)) : [];
    });
  }

  private onBridgeLeave(frame: AmiFrame): void {
    const bridgeId = frame.get('BridgeUniqueid') ?? '';
    const members = this.bridges.get(bridgeId);
    members?.delete(frame.get('Uniqueid') ?? '');
    if (members?.size === 0) this.bridges.delete(bridgeId);
  }

  private onHangup(frame: AmiFrame, receivedAt: Date): ProviderCallEvent[] {
    // A channel leaves its bridge (BridgeLeave) before it hangs up.
    const uniqueid = frame.get('Uniqueid') ?? '';
    this.channelAgent.delete(uniqueid);
    const call = this.callOf(frame.get('Linkedid'), uniqueid);
    if (!call) return [];
    return this.once(call, frame, receivedAt, () => {
      call.live.delete(uniqueid);
      call.hungUp.add(uniqueid);
      if (uniqueid === call.id) call.callerCause = frame.get('Cause') ?? null;
      const parts = this.classify(call, uniqueid === call.id ? frame : undefined, true);
      return call.live.size === 0 ? [...parts, ...this.end(call, eventTime(frame))] : parts;
    });
  }

  private onCdr(frame: AmiFrame, receivedAt: Date): ProviderCallEvent[] {
    // cdr_manager sends no Linkedid unless mapped in cdr_manager.conf; UniqueID is party A's channel.
    const uniqueid = frame.get('UniqueID') ?? '';
    const call = this.callOf(frame.get('Linkedid'), uniqueid) ?? this.calls.get(uniqueid);
    if (!call || !this.tracked(call) || uniqueid !== call.id) return [];
    return this.once(call, frame, receivedAt, () => {
      const record = readCdr(frame, this.settings.timeZone);
      if (!record) {
        this.log('Cdr times could not be read', {
          call: call.id,
          startTime: frame.get('StartTime'),
          timeZone: this.settings.timeZone,
        });
        return [];
      }
      call.cdrs.push(record);
      call.queue ??= record.queue ?? null;
      const summary = foldCdrs(call.cdrs)!;
      const agent = call.agents[0];
      return [{ kind: 'summary', at: eventTime(frame), summary, ...(agent ? { agent } : {}) }];
    });
  }

  /** Channels of ours that the listing did not show hung up while we were away. */
  private onListingComplete(receivedAt: Date): ProviderCallEvent[] {
    const listing = this.listing;
    this.listing = null;
    if (!listing) return [];
    const out: ProviderCallEvent[] = [];
    for (const call of this.calls.values()) {
      if (call.ended) continue;
      for (const uniqueid of call.live) {
        if (listing.listed.has(uniqueid) || listing.seen.has(uniqueid)) continue;
        call.live.delete(uniqueid);
        call.hungUp.add(uniqueid);
      }
      if (call.live.size > 0) continue;
      // Its hangups (and Cdr) came while disconnected: it ended at some moment we cannot know, so
      // it ends at receipt (at: null) with what was seen, and a Cdr arriving later corrects it.
      const parts = [...this.classify(call, undefined, true), ...this.end(call, null)];
      const raw = { Event: 'CoreShowChannelsComplete', vanishedCall: call.id };
      out.push(
        ...parts.map((part, index) => this.toProviderEvent(call, 'vanished', index, part, receivedAt, raw)),
      );
    }
    return out;
  }

  private discover(frame: AmiFrame, receivedAt: Date, at: Date | null): CallState {
    const context = frame.get('Context') ?? '';
    const call: CallState = {
      id: frame.get('Linkedid') ?? '',
      kind: 'pending',
      startAt: at,
      startReceivedAt: receivedAt,
      callerNumber: frame.get('CallerIDNum') ?? '',
      exten: frame.get('Exten') ?? '',
      onTrunk: this.settings.trunkContexts.includes(context),
      direction: 'inbound',
      from: '',
      to: '',
      queue: null,
      answered: false,
      agents: [],
      lastDialStatus: null,
      callerCause: null,
      live: new Set(),
      hungUp: new Set(),
      channels: new Set(),
      ended: false,
      cdrs: [],
      memo: new Map(),
      touchedAt: receivedAt.getTime(),
    };
    this.calls.set(call.id, call);
    return call;
  }

  /**
   * Decides what a pending call is, from its caller's leg; `decisive` events (a dial, a hangup)
   * force a decision. Returns the call's first event once it turns out to be one we track.
   */
  private classify(
    call: CallState,
    callerLeg: AmiFrame | undefined,
    decisive: boolean,
    dialString?: string,
  ): Part[] {
    if (call.kind !== 'pending') return [];
    const { didVariable } = this.settings;
    const did = didVariable && callerLeg ? callerLeg.variable(didVariable) : undefined;
    if (did) return this.track(call, 'inbound', did);
    if (call.onTrunk && (!didVariable || decisive)) return this.track(call, 'inbound', call.exten);
    if (!decisive) return [];
    const dialled = externalNumber(call.exten) ?? externalNumber(dialTarget(dialString));
    if (dialled) return this.track(call, 'outbound', dialled);
    call.kind = 'internal';
    return [];
  }

  private track(call: CallState, direction: CallDirection, to: string): Part[] {
    call.kind = direction;
    call.direction = direction;
    call.from = call.callerNumber;
    call.to = to;
    return [{ kind: 'ringing', at: call.startAt, receivedAt: call.startReceivedAt }];
  }

  private tracked(call: CallState): boolean {
    return call.kind === 'inbound' || call.kind === 'outbound';
  }

  private answeredBy(call: CallState, agent: string | undefined, at: Date | null): Part[] {
    if (!call.answered) {
      call.answered = true;
      if (agent) call.agents.push(agent);
      return [{ kind: 'answered', at, ...(agent ? { agent } : {}) }];
    }
    if (!agent || agent === call.agents.at(-1)) return [];
    call.agents.push(agent);
    return [{ kind: 'transferred', at, agent }];
  }

  private end(call: CallState, at: Date | null): Part[] {
    if (call.ended) return [];
    call.ended = true;
    if (!this.tracked(call)) return [];
    const endStatus = call.answered ? 'completed' : unansweredStatus(call.lastDialStatus, call.callerCause);
    return [{ kind: 'ended', at, endStatus }];
  }

  private callOf(linkedid: string | undefined, uniqueid: string | undefined): CallState | undefined {
    const id =
      (linkedid && this.calls.has(linkedid) ? linkedid : undefined) ?? this.channelCall.get(uniqueid ?? '');
    return id === undefined ? undefined : this.calls.get(id);
  }

  private trackChannel(call: CallState, uniqueid: string): void {
    if (!uniqueid) return;
    remember(this.channelCall, uniqueid, call.id);
    call.channels.add(uniqueid);
    if (!call.hungUp.has(uniqueid)) call.live.add(uniqueid);
  }

  /** Runs `handle` once per distinct frame of a call; a repeated frame gets the events it got before. */
  private once(
    call: CallState,
    frame: AmiFrame,
    receivedAt: Date,
    handle: () => Part[],
  ): ProviderCallEvent[] {
    const identity = frameIdentity(frame);
    const raw = frame.toRecord();
    const seen = call.memo.get(identity);
    if (seen) return seen.map((event) => ({ ...event, raw }));
    const events = handle().map((part, index) =>
      this.toProviderEvent(call, identity, index, part, receivedAt, raw),
    );
    call.memo.set(
      identity,
      events.map(({ raw: _raw, ...event }) => event),
    );
    call.touchedAt = receivedAt.getTime();
    return events;
  }

  private toProviderEvent(
    call: CallState,
    identity: string,
    index: number,
    part: Part,
    receivedAt: Date,
    raw: unknown,
  ): ProviderCallEvent {
    const { receivedAt: partReceivedAt, ...fields } = part;
    const event: CallEvent = {
      ...fields,
      receivedAt: partReceivedAt ?? receivedAt,
      direction: call.direction,
      from: call.from,
      to: call.to,
      ...(call.queue ? { queue: call.queue } : {}),
    };
    return {
      providerCallId: call.id,
      dedupeKey: sha256(canonicalJson({ call: call.id, frame: identity, part: index, kind: part.kind })),
      event,
      raw,
    };
  }

  private prune(now: number): void {
    if (now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    for (const [id, call] of this.calls) {
      const idle = now - call.touchedAt;
      if (!(call.ended && idle > endedRetentionMs) && idle <= staleCallMs) continue;
      this.calls.delete(id);
      for (const uniqueid of call.channels) {
        this.channelCall.delete(uniqueid);
        this.channelAgent.delete(uniqueid);
      }
    }
  }
}
