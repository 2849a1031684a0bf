/** One call: who called and how it went, its recording, and why it was credited to a session. */
import type { CallRecord } from '@calltrail/protocol';
import { type ComponentChildren, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, recordingUrl } from '../../api.ts';
import type { Speech } from '../../i18n.ts';
import { link } from '../../router.ts';

export function CallPage(props: { s: Speech; id: string; workspaceId: string }) {
  const { s } = props;
  const { m } = s;
  const [call, setCall] = useState<CallRecord | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    setCall(null);
    setError(null);
    api.call(props.id).then(
      (found) => !stale && setCall(found),
      (failure: Error) => !stale && setError(failure.message),
    );
    return () => {
      stale = true;
    };
  }, [props.id, props.workspaceId]);

  return h(
    'section',
    { class: 'call' },
    h('a', link('/calls'), m.back),
    error && h('p', { class: 'error', role: 'alert' }, error),
    !call && !error && h('p', { class: 'muted' }, m.loading),
    call && CallDetail({ s, call }),
  );
}

/** A definition list of label/value pairs, leaving out the values a call does not have. */
function facts(rows: [string, ComponentChildren][]) {
  return h(
    'dl',
    null,
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value)]),
  );
}

function CallDetail(props: { s: Speech; call: CallRecord }) {
  const { s, call } = props;
  const { m } = s;
  const { attribution, session } = call;
  const clickIds = session ? Object.entries(session.clickIds).map(([name, id]) => `${name}=${id}`) : [];
  return h(
    'div',
    null,
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
      h(
        'section',
        null,
        h('h2', null, m.recording),
        h('audio', { controls: true, preload: 'metadata', src: recordingUrl(call.id) }),
      ),
    h(
      'section',
      { class: 'attribution' },
      h('h2', null, m.attribution),
      facts([
        [m.status, s.attribution(attribution.status)],
        [m.confidence, s.percent(attribution.confidence)],
        [m.reason, s.reason(attribution.reason)],
        [m.source, session?.touch.source],
        [m.medium, session?.touch.medium],
        [m.campaign, session?.touch.campaign],
        [m.term, session?.touch.term],
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
                { key: candidate.sessionId },
                h('td', null, candidate.sessionId),
                h('td', { class: 'number' }, s.percent(candidate.probability)),
              ),
            ),
          ),
        ),
    ),
  );
}
