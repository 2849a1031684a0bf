/**
 * TwiML, our answer to Twilio's voice request: what the caller hears, whom Twilio dials, and where
 * Twilio reports the dialled leg, the end of the dial and the recording.
 * See https://www.twilio.com/docs/voice/twiml/dial and https://www.twilio.com/docs/voice/twiml/number.
 */
import type { WebhookReply } from '@calltrail/core';

/** Twilio reports these of the dialled leg: initiated, ringing, answered and completed. */
export const dialledLegEvents = 'initiated ringing answered completed';

/** Said, then hung up, when a tracking number has nowhere to ring. */
export const noDestinationMessage = 'Sorry, this number cannot take your call right now.';

export interface VoiceAnswer {
  /** Read to the caller before the call is connected (the recording notice). */
  notice?: { text: string; language?: string };
  /** Where to connect the caller; null when there is nowhere. */
  dial: {
    number: string;
    record: boolean;
    /** Our URL for the end of the dial (`<Dial action>`). */
    actionUrl: string;
    recordingUrl: string;
    /** Our URL for the status callbacks of the dialled leg. */
    statusUrl: string;
  } | null;
}

export function voiceTwiml(answer: VoiceAnswer): string {
  const verbs: string[] = [];
  if (answer.notice) {
    const { text, language } = answer.notice;
    verbs.push(element('Say', language ? { language } : {}, escapeText(text)));
  }
  const { dial } = answer;
  if (dial) {
    const attributes: Record<string, string> = { action: dial.actionUrl };
    if (dial.record) {
      // Two channels, caller and agent apart, from the moment the agent answers.
      attributes.record = 'record-from-answer-dual';
      attributes.recordingStatusCallback = dial.recordingUrl;
    }
    const number = element(
      'Number',
      { statusCallbackEvent: dialledLegEvents, statusCallback: dial.statusUrl },
      escapeText(dial.number),
    );
    verbs.push(element('Dial', attributes, number));
  } else {
    verbs.push(element('Say', {}, escapeText(noDestinationMessage)), element('Hangup', {}, ''));
  }
  return document(verbs);
}

/** Ends the call: the answer to the dial's end, when nothing more should happen. */
export function hangupTwiml(): string {
  return document([element('Hangup', {}, '')]);
}

export function twimlReply(body: string): WebhookReply {
  return { contentType: 'text/xml', body };
}

function document(verbs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element('Response', {}, verbs.join(''))}`;
}

function element(name: string, attributes: Record<string, string>, content: string): string {
  const written = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  return content ? `<${name}${written}>${content}</${name}>` : `<${name}${written}/>`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => textEntities[c] as string);
}

// Tabs and line breaks in an attribute are written as references: a parser would read them as spaces.
function escapeAttribute(text: string): string {
  return text.replace(/[&<"\t\n\r]/g, (c) => attributeEntities[c] as string);
}

const textEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const attributeEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
