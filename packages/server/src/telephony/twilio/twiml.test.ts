/** Our TwiML is the document the official `twilio` package renders for the same verbs, byte for byte. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import twilioSdk from 'twilio';
import { hangupTwiml, noDestinationMessage, voiceTwiml } from './twiml.ts';

const base = 'https://calltrail.test/hooks/v1/twilio/hook_abc';
const dial = {
  number: '+74951234567',
  record: true,
  actionUrl: `${base}/dial`,
  recordingUrl: `${base}/recording`,
  statusUrl: `${base}/status`,
};

/** The same answer written with the official package's VoiceResponse. */
function official(answer: {
  notice?: string;
  inRussian?: boolean;
  record?: boolean;
  dial?: boolean;
}): string {
  const response = new twilioSdk.twiml.VoiceResponse();
  if (answer.notice) response.say(answer.inRussian ? { language: 'ru-RU' } : {}, answer.notice);
  if (answer.dial === false) {
    response.say(noDestinationMessage);
    response.hangup();
    return response.toString();
  }
  const verb = response.dial({
    action: dial.actionUrl,
    ...(answer.record !== false && {
      record: 'record-from-answer-dual',
      recordingStatusCallback: dial.recordingUrl,
    }),
  });
  verb.number(numberAttributes(), dial.number);
  return response.toString();
}

type LegEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

function numberAttributes(): { statusCallbackEvent: LegEvent[]; statusCallback: string } {
  return {
    statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    statusCallback: dial.statusUrl,
  };
}

describe('TwiML for an incoming call', () => {
  test('a recording notice in its language, then the dial, recorded on two channels', () => {
    const ours = voiceTwiml({ notice: { text: 'Звонок записывается', language: 'ru-RU' }, dial });
    assert.equal(ours, official({ notice: 'Звонок записывается', inRussian: true }));
    assert.match(
      ours,
      /<Dial action="[^"]+\/dial" record="record-from-answer-dual" recordingStatusCallback=/,
    );
    assert.match(ours, /<Number statusCallbackEvent="initiated ringing answered completed" statusCallback=/);
  });

  test('without a notice the call is dialled at once', () => {
    assert.equal(voiceTwiml({ dial }), official({}));
  });

  test('unrecorded calls have no record attribute and no recording callback', () => {
    const ours = voiceTwiml({ dial: { ...dial, record: false } });
    assert.equal(ours, official({ record: false }));
    assert.doesNotMatch(ours, /record/);
  });

  test('with nowhere to ring, the caller hears why and the call ends', () => {
    assert.equal(voiceTwiml({ dial: null }), official({ dial: false }));
  });

  test('text and URLs are escaped as XML', () => {
    const notice = 'Calls are recorded & <checked> "always"\r\n';
    const tricky = { ...dial, actionUrl: `${base}/dial?a=1&b="2"<3>\t` };
    const ours = voiceTwiml({ notice: { text: notice }, dial: tricky });
    const response = new twilioSdk.twiml.VoiceResponse();
    response.say(notice);
    response
      .dial({
        action: tricky.actionUrl,
        record: 'record-from-answer-dual',
        recordingStatusCallback: dial.recordingUrl,
      })
      .number(numberAttributes(), dial.number);
    assert.equal(ours, response.toString());
  });

  test('the end of the dial hangs up', () => {
    const response = new twilioSdk.twiml.VoiceResponse();
    response.hangup();
    assert.equal(hangupTwiml(), response.toString());
  });
});
