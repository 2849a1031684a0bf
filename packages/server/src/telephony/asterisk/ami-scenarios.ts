/**
 * Test-only: whole calls as an Asterisk 16+ PBX with PJSIP reports them over AMI, built from the
 * documented events (ami-fixtures.ts). Each call has its own number `n`, from which its channels'
 * Uniqueids follow; its Linkedid is the caller's leg's Uniqueid.
 */

import {
  bridgeEnter,
  bridgeLeave,
  cdr,
  dialBegin,
  dialEnd,
  hangup,
  type Leg,
  newchannel,
} from './ami-fixtures.ts';
import type { AmiFrame } from './ami-frame.ts';

/** What every CDR of these calls takes from the caller's leg, its party A. */
function callerSide(caller: Leg) {
  return {
    source: caller.callerIdNum,
    callerId: `"" <${caller.callerIdNum}>`,
    channel: caller.channel,
    uniqueId: caller.uniqueid,
  };
}

export interface Scenario {
  linkedid: string;
  frames: AmiFrame[];
  /** The call's channels in their final state, by role. */
  legs: Record<string, Leg>;
}

export interface ScenarioOptions {
  n: number;
  start: Date;
  /** CallerIDNum as the trunk delivers it. */
  caller?: string;
  did?: string;
  /** manager.conf `timestampevents`; off means events carry no time. */
  timestamps?: boolean;
  /** Channel variables the PBX exports on the caller's leg (manager.conf `channelvars`). */
  callerVariables?: Record<string, string>;
}

const epoch = 1767607200;

/** The moments of one call, in seconds from its start. */
function clock(options: ScenarioOptions) {
  const timestamps = options.timestamps ?? true;
  return (seconds: number) => (timestamps ? new Date(options.start.getTime() + seconds * 1000) : null);
}
const instant = (options: ScenarioOptions, seconds: number) =>
  new Date(options.start.getTime() + Math.floor(seconds) * 1000);

function trunkLeg(options: ScenarioOptions): Leg {
  const uniqueid = `${epoch}.${options.n * 10}`;
  return {
    channel: `PJSIP/trunk-${String(options.n * 10).padStart(8, '0')}`,
    state: 4,
    callerIdNum: options.caller ?? '79161234567',
    callerIdName: '',
    connectedLineNum: '',
    context: 'from-trunk',
    exten: options.did ?? '74950000001',
    priority: 1,
    uniqueid,
    linkedid: uniqueid,
    ...(options.callerVariables && { variables: options.callerVariables }),
  };
}

/** An extension's leg rung for the call; Asterisk copies the caller's ID onto it. */
function agentLeg(options: ScenarioOptions, caller: Leg, extension: string, index: number): Leg {
  return {
    channel: `PJSIP/${extension}-${String(options.n * 10 + index).padStart(8, '0')}`,
    state: 0,
    callerIdNum: caller.callerIdNum,
    callerIdName: '',
    connectedLineNum: caller.callerIdNum,
    context: 'from-internal',
    exten: 's',
    priority: 1,
    uniqueid: `${epoch}.${options.n * 10 + index}`,
    linkedid: caller.linkedid,
  };
}

const up = (leg: Leg, changes: Partial<Leg> = {}): Leg => ({ ...leg, state: 6, ...changes });

/** The caller reaches extension 101, which answers after `ring` s; both talk for `talk` s. */
export function answeredCall(options: ScenarioOptions, ring = 8, talk = 60): Scenario {
  const t = clock(options);
  const caller = trunkLeg(options);
  const agent = agentLeg(options, caller, '101', 1);
  const bridgeId = `bridge-${options.n}`;
  const [callerUp, agentUp] = [up(caller), up(agent)];
  const end = ring + talk;
  return {
    linkedid: caller.linkedid,
    legs: { caller: callerUp, agent: agentUp },
    frames: [
      newchannel(caller, t(0)),
      newchannel(agent, t(0.02)),
      dialBegin(caller, agent, '101', t(0.03)),
      dialEnd(callerUp, agentUp, 'ANSWER', t(ring)),
      bridgeEnter(bridgeId, 1, agentUp, t(ring + 0.01)),
      bridgeEnter(bridgeId, 2, callerUp, t(ring + 0.02)),
      bridgeLeave(bridgeId, 1, callerUp, t(end)),
      bridgeLeave(bridgeId, 0, agentUp, t(end + 0.01)),
      hangup(agentUp, 16, t(end + 0.02)),
      hangup(callerUp, 16, t(end + 0.03)),
      cdr(
        {
          ...callerSide(caller),
          destination: caller.exten,
          destinationContext: 'from-trunk',
          destinationChannel: agent.channel,
          lastApplication: 'Dial',
          lastData: 'PJSIP/101,30,tT',
          start: instant(options, 0),
          answer: instant(options, ring),
          end: instant(options, end),
          disposition: 'ANSWERED',
        },
        t(end + 0.04),
      ),
    ],
  };
}

/** Extension 101 does not take the call: it rings out (NOANSWER) or the phone is busy (BUSY). */
export function unansweredCall(options: ScenarioOptions, status: 'NOANSWER' | 'BUSY', ring = 20): Scenario {
  const t = clock(options);
  const caller = trunkLeg(options);
  const agent = agentLeg(options, caller, '101', 1);
  const busy = status === 'BUSY';
  const over = busy ? 0.5 : ring;
  return {
    linkedid: caller.linkedid,
    legs: { caller, agent },
    frames: [
      newchannel(caller, t(0)),
      newchannel(agent, t(0.02)),
      dialBegin(caller, agent, '101', t(0.03)),
      dialEnd(caller, { ...agent, state: busy ? 7 : 5 }, status, t(over)),
      hangup(agent, busy ? 17 : 19, t(over + 0.01)),
      hangup(caller, busy ? 17 : 16, t(over + 0.02)),
      cdr(
        {
          ...callerSide(caller),
          destination: caller.exten,
          destinationContext: 'from-trunk',
          destinationChannel: agent.channel,
          lastApplication: 'Dial',
          lastData: 'PJSIP/101,20,tT',
          start: instant(options, 0),
          answer: null,
          end: instant(options, over),
          disposition: busy ? 'BUSY' : 'NO ANSWER',
        },
        t(over + 0.03),
      ),
    ],
  };
}

/**
 * 101 answers, then blind-transfers the caller to 102: 101's leg hangs up, the caller's leg runs
 * the dialplan at 102@from-internal and dials it. Asterisk writes one CDR per pairing.
 */
export function transferredCall(options: ScenarioOptions): Scenario {
  const t = clock(options);
  const caller = trunkLeg(options);
  const first = agentLeg(options, caller, '101', 1);
  const second = agentLeg(options, caller, '102', 2);
  const [callerUp, firstUp, secondUp] = [up(caller), up(first), up(second)];
  const transferring = up(caller, { context: 'from-internal', exten: '102' });
  const [b1, b2] = [`bridge-${options.n}-a`, `bridge-${options.n}-b`];
  // Both CDRs are dispatched when the caller's leg, their party A, hangs up.
  const cdrOf = (agent: Leg, start: number, answer: number, end: number, sentAt: number) =>
    cdr(
      {
        ...callerSide(caller),
        destination: start === 0 ? caller.exten : '102',
        destinationContext: start === 0 ? 'from-trunk' : 'from-internal',
        destinationChannel: agent.channel,
        lastApplication: 'Dial',
        lastData: `PJSIP/${start === 0 ? '101' : '102'},30,tT`,
        start: instant(options, start),
        answer: instant(options, answer),
        end: instant(options, end),
        disposition: 'ANSWERED',
      },
      t(sentAt),
    );
  return {
    linkedid: caller.linkedid,
    legs: { caller: transferring, first: firstUp, second: secondUp },
    frames: [
      newchannel(caller, t(0)),
      newchannel(first, t(0.02)),
      dialBegin(caller, first, '101', t(0.03)),
      dialEnd(callerUp, firstUp, 'ANSWER', t(5)),
      bridgeEnter(b1, 1, firstUp, t(5.01)),
      bridgeEnter(b1, 2, callerUp, t(5.02)),
      bridgeLeave(b1, 1, firstUp, t(40)),
      bridgeLeave(b1, 0, callerUp, t(40.01)),
      hangup(firstUp, 16, t(40.02)),
      newchannel(second, t(40.05)),
      dialBegin(transferring, second, '102', t(40.06)),
      dialEnd(transferring, secondUp, 'ANSWER', t(47)),
      bridgeEnter(b2, 1, secondUp, t(47.01)),
      bridgeEnter(b2, 2, transferring, t(47.02)),
      bridgeLeave(b2, 1, transferring, t(100)),
      bridgeLeave(b2, 0, secondUp, t(100.01)),
      hangup(secondUp, 16, t(100.02)),
      hangup(transferring, 16, t(100.03)),
      cdrOf(first, 0, 5, 40, 100.04),
      cdrOf(second, 40, 47, 100, 100.05),
    ],
  };
}

/**
 * FreePBX queue 500: the caller waits in ext-queues, the queue rings member 101 through a Local
 * channel (Local/101@from-queue), whose second half dials the phone; the member answers.
 */
export function queueCall(options: ScenarioOptions): Scenario {
  const t = clock(options);
  const caller = trunkLeg(options);
  const queued = up(caller, { context: 'ext-queues', exten: '500' });
  const localName = `Local/101@from-queue-${String(options.n).padStart(8, '0')}`;
  const base = { ...agentLeg(options, caller, '101', 1), context: 'from-queue', exten: '101' };
  const local1 = { ...base, channel: `${localName};1` };
  const local2 = { ...base, channel: `${localName};2`, uniqueid: `${epoch}.${options.n * 10 + 2}` };
  const phone = agentLeg(options, caller, '101', 3);
  const [local1Up, local2Up, phoneUp] = [up(local1), up(local2), up(phone)];
  const bridgeId = `bridge-${options.n}`;
  return {
    linkedid: caller.linkedid,
    legs: { caller: queued, phone: phoneUp },
    frames: [
      newchannel(caller, t(0)),
      newchannel(local1, t(3)),
      newchannel(local2, t(3)),
      dialBegin(queued, local1, '101@from-queue/n', t(3.01)),
      newchannel(phone, t(3.02)),
      dialBegin(local2, phone, '101', t(3.03)),
      dialEnd(local2Up, phoneUp, 'ANSWER', t(12)),
      dialEnd(queued, local1Up, 'ANSWER', t(12.01)),
      bridgeEnter(bridgeId, 1, local1Up, t(12.02)),
      bridgeEnter(bridgeId, 2, queued, t(12.03)),
      bridgeLeave(bridgeId, 1, queued, t(50)),
      hangup(queued, 16, t(50.01)),
      bridgeLeave(bridgeId, 0, local1Up, t(50.02)),
      hangup(local1Up, 16, t(50.03)),
      hangup(local2Up, 16, t(50.04)),
      hangup(phoneUp, 16, t(50.05)),
      cdr(
        {
          ...callerSide(caller),
          destination: '500',
          destinationContext: 'ext-queues',
          destinationChannel: local1.channel,
          lastApplication: 'Queue',
          lastData: '500,t,,,300,',
          start: instant(options, 0),
          answer: instant(options, 12),
          end: instant(options, 50),
          disposition: 'ANSWERED',
        },
        t(50.06),
      ),
    ],
  };
}

/** Extension 101 calls a customer's mobile through the trunk; the customer answers. */
export function outboundCall(options: ScenarioOptions, number = '89161234567'): Scenario {
  const t = clock(options);
  const uniqueid = `${epoch}.${options.n * 10}`;
  const phone: Leg = {
    channel: `PJSIP/101-${String(options.n * 10).padStart(8, '0')}`,
    state: 4,
    callerIdNum: '101',
    callerIdName: 'Anna',
    connectedLineNum: '',
    context: 'from-internal',
    exten: number,
    priority: 1,
    uniqueid,
    linkedid: uniqueid,
  };
  const trunk: Leg = {
    channel: `PJSIP/trunk-${String(options.n * 10 + 1).padStart(8, '0')}`,
    state: 0,
    callerIdNum: number,
    callerIdName: '',
    connectedLineNum: '101',
    context: 'from-trunk',
    exten: 's',
    priority: 1,
    uniqueid: `${epoch}.${options.n * 10 + 1}`,
    linkedid: uniqueid,
  };
  const [phoneUp, trunkUp] = [up(phone), up(trunk)];
  const bridgeId = `bridge-${options.n}`;
  return {
    linkedid: uniqueid,
    legs: { phone: phoneUp, trunk: trunkUp },
    frames: [
      newchannel(phone, t(0)),
      newchannel(trunk, t(0.05)),
      dialBegin(phone, trunk, `trunk/sip:${number}@sip.carrier.example`, t(0.06)),
      dialEnd(phoneUp, trunkUp, 'ANSWER', t(15)),
      bridgeEnter(bridgeId, 1, trunkUp, t(15.01)),
      bridgeEnter(bridgeId, 2, phoneUp, t(15.02)),
      bridgeLeave(bridgeId, 1, trunkUp, t(75)),
      bridgeLeave(bridgeId, 0, phoneUp, t(75.01)),
      hangup(trunkUp, 16, t(75.02)),
      hangup(phoneUp, 16, t(75.03)),
      cdr(
        {
          source: '101',
          destination: number,
          destinationContext: 'from-internal',
          callerId: '"Anna" <101>',
          channel: phone.channel,
          destinationChannel: trunk.channel,
          lastApplication: 'Dial',
          lastData: `PJSIP/trunk/sip:${number}@sip.carrier.example,60`,
          start: instant(options, 0),
          answer: instant(options, 15),
          end: instant(options, 75),
          disposition: 'ANSWERED',
          uniqueId: uniqueid,
        },
        t(75.04),
      ),
    ],
  };
}
