/**
 * The visitor's journey on a call's page: every session of the visitor, oldest first, with where it
 * came from and what it saw, the one the call was credited to highlighted, and the caller's calls.
 */
import type { CallJourney, CallRecord, JourneyCall, JourneySession } from '@calltrail/protocol';
import { h } from 'preact';
import type { Speech } from '../../i18n.ts';
import { link } from '../../router.ts';
import { useLoaded } from '../../use-loaded.ts';
import { callsApi } from './calls-api.ts';
import { ExternalLink } from './external-link.ts';
import { facts } from './facts.ts';
import { type CallWords, words } from './words.ts';

/** The element id of a session on the page, for links from the attribution block. */
export const sessionAnchor = (sessionId: string) => `journey-${sessionId}`;

/**
 * The call's journey: undefined while loading; null when not available (an older server, or a
 * failure), and the page goes on without it.
 */
export function useJourney(callId: string): CallJourney | null | undefined {
  const [journey] = useLoaded(() => callsApi.journey(callId), callId);
  return journey.state === 'done' ? journey.value : journey.state === 'failed' ? null : undefined;
}

export function VisitorJourney(props: {
  s: Speech;
  call: CallRecord;
  journey: CallJourney | null | undefined;
}) {
  const { s, call, journey } = props;
  const w = words[s.locale];
  return h(
    'section',
    { class: 'call-journey' },
    h('h2', null, w.journey),
    journey === undefined && h('p', { class: 'muted' }, s.m.loading),
    journey === null && h('p', { class: 'muted' }, w.journeyUnavailable),
    journey && journey.sessions.length === 0 && h('p', { class: 'muted' }, w.noSessions),
    journey &&
      journey.sessions.length > 0 &&
      h(
        'ol',
        { class: 'call-sessions' },
        journey.sessions.map((session) => SessionItem({ s, session, call, calls: journey.calls })),
      ),
    journey && journey.calls.length > 0 && CallerCalls({ s, calls: journey.calls, current: call.id }),
  );
}

const secondsBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

const joined = (...parts: (string | null)[]) => parts.filter((part) => part).join(', ');

function SessionItem(props: { s: Speech; session: JourneySession; call: CallRecord; calls: JourneyCall[] }) {
  const { s, session, call } = props;
  // A credited call is named by when it started, when the journey lists it.
  const callLabel = (id: string) => {
    const known = props.calls.find((other) => other.id === id);
    return known ? s.dateTime(known.startedAt) : id;
  };
  const { m } = s;
  const w = words[s.locale];
  const credited = call.attribution.sessionId === session.id || session.attributedCallIds.includes(call.id);
  const { touch, geo } = session;
  const clickIds = Object.entries(session.clickIds).map(([name, id]) => `${name}=${id}`);
  return h(
    'li',
    {
      key: session.id,
      id: sessionAnchor(session.id),
      class: credited ? 'call-session credited' : 'call-session',
      'data-session-id': session.id,
    },
    h(
      'h3',
      null,
      s.dateTime(session.startedAt),
      ' · ',
      s.channel(session.channel),
      credited && h('span', { class: 'call-credited' }, w.creditedSession),
    ),
    facts([
      [w.lastActivity, s.dateTime(session.lastActivityAt)],
      [m.source, touch.source],
      [m.medium, touch.medium],
      [m.campaign, touch.campaign],
      [m.term, touch.term],
      [w.content, touch.content],
      [m.landingPage, h(ExternalLink, { address: session.landingPage })],
      [w.exit, session.exitPage && h(ExternalLink, { address: session.exitPage })],
      [m.referrer, session.referrer && h(ExternalLink, { address: session.referrer })],
      [m.clickIds, clickIds.join(', ')],
      [w.gaClientId, session.gaClientId],
      [w.gaSessionId, session.gaSessionId],
      [w.metricaClientId, session.metricaClientId],
      [w.device, joined(session.device, session.browser, session.os)],
      [w.place, joined(geo.city, geo.region, geo.country)],
      [w.numbersShown, session.trackingNumbers.join(', ')],
      [
        w.callsFromSession,
        session.attributedCallIds.length > 0 &&
          h(
            'span',
            { class: 'call-links' },
            session.attributedCallIds.map((id) =>
              CallLink({ id, current: call.id, label: callLabel(id), w }),
            ),
          ),
      ],
    ]),
    session.pageViews.length > 0 &&
      h(
        'details',
        // The credited session's pages are what the caller saw before calling: open them.
        { class: 'call-pages', open: credited },
        h('summary', null, `${w.pages} (${session.pageViews.length})`),
        h(
          'ol',
          null,
          session.pageViews.map((view, index) =>
            h(
              'li',
              { key: index },
              h('time', { dateTime: view.at }, s.dateTime(view.at)),
              // Minutes are too coarse within a visit: how long after its start, to the second.
              h('span', { class: 'muted' }, ` +${s.seconds(secondsBetween(session.startedAt, view.at))} `),
              h(ExternalLink, { address: view.url }),
            ),
          ),
        ),
      ),
  );
}

function CallLink(props: { id: string; current: string; label: string; w: CallWords }) {
  return props.id === props.current
    ? h('span', { key: props.id }, `${props.label} (${props.w.thisCall})`)
    : h('a', { key: props.id, ...link(`/calls/${encodeURIComponent(props.id)}`) }, props.label);
}

function CallerCalls(props: { s: Speech; calls: JourneyCall[]; current: string }) {
  const { s } = props;
  const { m } = s;
  const w = words[s.locale];
  return h(
    'table',
    { class: 'call-caller-calls' },
    h('caption', null, w.otherCalls),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        [m.startedAt, m.direction, m.status, m.trackingNumber].map((heading) => h('th', null, heading)),
      ),
    ),
    h(
      'tbody',
      null,
      props.calls.map((other) =>
        h(
          'tr',
          {
            key: other.id,
            'data-call-id': other.id,
            class: other.id === props.current ? 'current' : undefined,
          },
          h(
            'td',
            null,
            CallLink({ id: other.id, current: props.current, label: s.dateTime(other.startedAt), w }),
          ),
          h('td', null, other.direction === 'inbound' ? m.inbound : m.outbound),
          h('td', null, h('span', { class: `status ${other.status}` }, s.status(other.status))),
          h('td', null, other.trackingNumber ?? m.none),
        ),
      ),
    ),
  );
}
