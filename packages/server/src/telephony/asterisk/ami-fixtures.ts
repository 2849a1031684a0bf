/**
 * Test-only: AMI events built field for field as docs.asterisk.org lists them (API_Documentation,
 * AMI_Events: Newchannel, DialBegin, DialEnd, BridgeEnter, BridgeLeave, Hangup, Cdr, CoreShowChannel,
 * CoreShowChannelsComplete), in the order manager.c writes them: Event, Privilege, Timestamp (with
 * `timestampevents = yes`), then the channel snapshot with its `ChanVariable` lines (`channelvars`).
 */
import { AmiFrame, type AmiHeader } from './ami-frame.ts';

/** One channel's snapshot, as the channel-oriented events repeat it. */
export interface Leg {
  channel: string;
  state: number;
  callerIdNum: string;
  callerIdName: string;
  connectedLineNum: string;
  context: string;
  exten: string;
  priority: number;
  uniqueid: string;
  linkedid: string;
  variables?: Record<string, string>;
}

const stateDescriptions = [
  'Down',
  'Rsrvd',
  'OffHook',
  'Dialing',
  'Ring',
  'Ringing',
  'Up',
  'Busy',
  'Dialing Offhook',
  'Pre-ring',
];

/** ast_manager_build_channel_state_string: an empty caller ID is written as `<unknown>`. */
function snapshot(leg: Leg, prefix = ''): AmiHeader[] {
  return [
    [`${prefix}Channel`, leg.channel],
    [`${prefix}ChannelState`, String(leg.state)],
    [`${prefix}ChannelStateDesc`, stateDescriptions[leg.state] ?? 'Unknown'],
    [`${prefix}CallerIDNum`, leg.callerIdNum || '<unknown>'],
    [`${prefix}CallerIDName`, leg.callerIdName || '<unknown>'],
    [`${prefix}ConnectedLineNum`, leg.connectedLineNum || '<unknown>'],
    [`${prefix}ConnectedLineName`, '<unknown>'],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, leg.context],
    [`${prefix}Exten`, leg.exten],
    [`${prefix}Priority`, String(leg.priority)],
    [`${prefix}Uniqueid`, leg.uniqueid],
    [`${prefix}Linkedid`, leg.linkedid],
    ...Object.entries(leg.variables ?? {}).map(
      ([name, value]): AmiHeader => [`${prefix}ChanVariable`, `${name}=${value}`],
    ),
  ];
}

/** `Timestamp: <seconds>.<microseconds>`, as manager.c prints it. */
function timestamp(at: Date): string {
  const ms = at.getTime();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

function event(name: string, privilege: 'call' | 'cdr', at: Date | null, body: AmiHeader[]): AmiFrame {
  const time: AmiHeader[] = at ? [['Timestamp', timestamp(at)]] : [];
  return new AmiFrame([['Event', name], ['Privilege', `${privilege},all`], ...time, ...body]);
}

export const newchannel = (leg: Leg, at: Date | null) => event('Newchannel', 'call', at, snapshot(leg));

export const dialBegin = (caller: Leg, dest: Leg, dialString: string, at: Date | null) =>
  event('DialBegin', 'call', at, [
    ...snapshot(caller),
    ...snapshot(dest, 'Dest'),
    ['DialString', dialString],
  ]);

export const dialEnd = (caller: Leg, dest: Leg, dialStatus: string, at: Date | null) =>
  event('DialEnd', 'call', at, [...snapshot(caller), ...snapshot(dest, 'Dest'), ['DialStatus', dialStatus]]);

function bridge(id: string, channels: number): AmiHeader[] {
  return [
    ['BridgeUniqueid', id],
    ['BridgeType', 'basic'],
    ['BridgeTechnology', 'simple_bridge'],
    ['BridgeCreator', '<unknown>'],
    ['BridgeName', '<unknown>'],
    ['BridgeNumChannels', String(channels)],
    ['BridgeVideoSourceMode', 'none'],
  ];
}

export const bridgeEnter = (id: string, channels: number, leg: Leg, at: Date | null, swap?: string) =>
  event('BridgeEnter', 'call', at, [
    ...bridge(id, channels),
    ...snapshot(leg),
    ...(swap ? ([['SwapUniqueid', swap]] as AmiHeader[]) : []),
  ]);

export const bridgeLeave = (id: string, channels: number, leg: Leg, at: Date | null) =>
  event('BridgeLeave', 'call', at, [...bridge(id, channels), ...snapshot(leg)]);

/** Q.850 causes with Asterisk's texts (ast_cause2str). */
const causeTexts: Record<number, string> = {
  16: 'Normal Clearing',
  17: 'User busy',
  19: 'User alerting, no answer',
  34: 'Circuit/channel congestion',
};

export const hangup = (leg: Leg, cause: number, at: Date | null) =>
  event('Hangup', 'call', at, [
    ...snapshot(leg),
    ['Cause', String(cause)],
    ['Cause-txt', causeTexts[cause] ?? 'Unknown'],
  ]);

export interface CdrFields {
  source: string;
  destination: string;
  destinationContext: string;
  callerId: string;
  channel: string;
  destinationChannel: string;
  lastApplication: string;
  lastData: string;
  start: Date;
  answer: Date | null;
  end: Date;
  disposition: 'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED' | 'CONGESTION';
  uniqueId: string;
}

/** cdr_manager's DATE_FORMAT `%Y-%m-%d %T` in the PBX's zone; the fixtures' PBX is in Moscow (UTC+3). */
export const pbxTimeZone = 'Europe/Moscow';
function moscowTime(at: Date): string {
  return new Date(at.getTime() + 3 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const wholeSeconds = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 1000);

export const cdr = (fields: CdrFields, at: Date | null) =>
  event('Cdr', 'cdr', at, [
    ['AccountCode', ''],
    ['Source', fields.source],
    ['Destination', fields.destination],
    ['DestinationContext', fields.destinationContext],
    ['CallerID', fields.callerId],
    ['Channel', fields.channel],
    ['DestinationChannel', fields.destinationChannel],
    ['LastApplication', fields.lastApplication],
    ['LastData', fields.lastData],
    ['StartTime', moscowTime(fields.start)],
    ['AnswerTime', fields.answer ? moscowTime(fields.answer) : ''],
    ['EndTime', moscowTime(fields.end)],
    ['Duration', String(wholeSeconds(fields.start, fields.end))],
    ['BillableSeconds', String(fields.answer ? wholeSeconds(fields.answer, fields.end) : 0)],
    ['Disposition', fields.disposition],
    ['AMAFlags', 'DOCUMENTATION'],
    ['UniqueID', fields.uniqueId],
    ['UserField', ''],
  ]);

/** One item of the CoreShowChannels listing; listings are action responses, which carry no Timestamp. */
export const coreShowChannel = (
  leg: Leg,
  actionId: string,
  extra: { bridgeId: string; application: string; applicationData: string; duration: string },
) =>
  new AmiFrame([
    ['Event', 'CoreShowChannel'],
    ['ActionID', actionId],
    ...snapshot(leg),
    ['BridgeId', extra.bridgeId],
    ['Application', extra.application],
    ['ApplicationData', extra.applicationData],
    ['Duration', extra.duration],
  ]);

export const coreShowChannelsComplete = (actionId: string, items: number) =>
  new AmiFrame([
    ['Event', 'CoreShowChannelsComplete'],
    ['ActionID', actionId],
    ['EventList', 'Complete'],
    ['ListItems', String(items)],
  ]);
