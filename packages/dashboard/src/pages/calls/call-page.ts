/**
 * One call: who called and how it went, its recording, why it was credited to a session, what an
 * operator said of it, and the visitor's journey.
 */
import { can } from '@calltrail/core';
import type { CallJourney, CallRecord } from '@calltrail/protocol';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Speech } from '../../i18n.ts';
import { link } from '../../router.ts';
import type { PageProps, Workspace } from '../page-props.ts';
import { AnnotationPanel } from './annotation-panel.ts';
import { callsApi, recordingUrl } from './calls-api.ts';
import { facts } from './facts.ts';
import { sessionAnchor, useJourney, VisitorJourney } from './visitor-journey.ts';
import { words } from './words.ts';
import './calls.css';

export function CallPage(props: PageProps & { id: string }) {
  const { s, workspace } = props;
  const { m } = s;
  const [call, setCall] = useState<CallRecord | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    setCall(null);
    setError(null);
    callsApi.call(props.id).then(
      (found) => !stale && setCall(found),
      (failure: Error) => !stale && setError(failure.message),
    );
    return () => {
      stale = true;
    };
  }, [props.id, workspace.id]);

  return h(
    'section',
    { class: 'call' },
    h('a', link('/calls'), m.back),
    error && h('p', { class: 'error', role: 'alert' }, error),
    !call && !error && h('p', { class: 'muted' }, m.loading),
    call && h(CallDetail, { s, call, workspace, onSaved: setCall, key: call.id }),
  );
}

function CallDetail(props: {
  s: Speech;
  call: CallRecord;
  workspace: Workspace;
  onSaved: (call: CallRecord) => void;
}) {
  const { s, call, workspace } = props;
  const { m } = s;
  const journey = useJourney(call.id);
  // Until the role is known nothing is offered that it might not allow.
  const may = (permission: Parameters<typeof can>[1]) =>
    workspace?.role !== undefined && can(workspace.role, permission);
  return h(
    'div',
    { class: 'call-detail' },
    h(
      'h1',
      null,
      call.caller ?? m.withheld,
      ' ',
      h('span', { class: `status ${call.status}` }, s.status(call.status)),
    ),
    facts([
      [m.startedAt, s.dateTime(call.startedAt)],
      [m.direction, call.direction === 'inbound' ? m.inbound : m.outbound],
      [m.trackingNumber, call.trackingNumber ?? call.trackingNumberRaw],
      [m.wait, s.seconds(call.waitSeconds)],
      [m.talk, s.seconds(call.talkSeconds)],
      [m.agent, call.agent],
      [m.queue, call.queue],
      [m.transfers, call.transfers.join(' → ')],
      [m.channel, call.channel && s.channel(call.channel)],
    ]),
    // Only a stored recording can be played; pending, failed and deleted ones have no audio.
    call.recording?.status === 'stored' &&
      workspace &&
      may('recordings:listen') &&
      h(
        'section',
        null,
        h('h2', null, m.recording),
        h('audio', { controls: true, preload: 'metadata', src: recordingUrl(call.id, workspace.id) }),
      ),
    Attribution({ s, call, journey }),
    workspace &&
      h(AnnotationPanel, {
        s,
        call,
        currency: workspace.currency,
        editable: may('calls:annotate'),
        onSaved: props.onSaved,
      }),
    h(VisitorJourney, { s, call, journey }),
  );
}

/** The session the call was credited to, how sure that is, and the other candidates when unsure. */
function Attribution(props: { s: Speech; call: CallRecord; journey: CallJourney | null | undefined }) {
  const { s, call } = props;
  const { m } = s;
  const w = words[s.locale];
  const { attribution, session } = call;
  const clickIds = session ? Object.entries(session.clickIds).map(([name, id]) => `${name}=${id}`) : [];
  // A session of the caller's visitor is on the page, in the journey: link to it and say where it
  // came from. Another visitor's (a candidate when a number was shared) is only named.
  const sessionLink = (sessionId: string) => {
    const known = props.journey?.sessions.find((candidate) => candidate.id === sessionId);
    if (!known) return h('span', null, sessionId);
    const origin = [s.channel(known.channel), known.touch.source, known.touch.campaign].filter(Boolean);
    return h(
      'span',
      null,
      h('a', { href: `#${sessionAnchor(sessionId)}` }, s.dateTime(known.startedAt)),
      ` · ${origin.join(' / ')}`,
    );
  };
  return h(
    'section',
    { class: 'attribution' },
    h('h2', null, m.attribution),
    facts([
      [m.status, s.attribution(attribution.status)],
      [m.confidence, s.percent(attribution.confidence)],
      [m.reason, s.reason(attribution.reason)],
      [w.attributedSession, attribution.sessionId && sessionLink(attribution.sessionId)],
      [m.source, session?.touch.source],
      [m.medium, session?.touch.medium],
      [m.campaign, session?.touch.campaign],
      [m.term, session?.touch.term],
      [w.content, session?.touch.content],
      [m.landingPage, session?.landingPage],
      [m.referrer, session?.referrer],
      [m.clickIds, clickIds.join(', ')],
    ]),
    attribution.status === 'uncertain' &&
      attribution.candidates.length > 0 &&
      h(
        'table',
        { class: 'candidates' },
        h('caption', null, m.candidates),
        h('thead', null, h('tr', null, h('th', null, m.session), h('th', null, m.probability))),
        h(
          'tbody',
          null,
          attribution.candidates.map((candidate) =>
            h(
              'tr',
              {
                key: candidate.sessionId,
                'data-session-id': candidate.sessionId,
                class: candidate.sessionId === attribution.sessionId ? 'chosen' : undefined,
              },
              h('td', null, sessionLink(candidate.sessionId)),
              h('td', { class: 'number' }, s.percent(candidate.probability)),
            ),
          ),
        ),
      ),
  );
}
