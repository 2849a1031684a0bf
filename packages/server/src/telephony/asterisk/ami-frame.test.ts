/** Specification of AMI framing: the banner line, `Key: Value` CRLF lines, packets ended by an empty line. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AmiFrame, AmiFrameReader, formatFrame } from './ami-frame.ts';

const stream =
  'Asterisk Call Manager/9.0.0\r\n' +
  'Response: Success\r\nActionID: calltrail-1\r\nMessage: Authentication accepted\r\n\r\n' +
  'Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: 1767607200.000000\r\nChannel: PJSIP/trunk-00000010\r\n' +
  'CallerIDNum: 79161234567\r\nExten: 74950000001\r\nContext: from-trunk\r\nUniqueid: 1767607200.10\r\n' +
  'Linkedid: 1767607200.10\r\nChanVariable: CALLTRAIL_DID=74950000001\r\nChanVariable: MIXMONITOR_FILENAME=\r\n\r\n';

describe('reading AMI', () => {
  test('the banner, then each packet once its empty line arrives, whatever the TCP chunks', () => {
    for (const size of [1, 2, 7, 64, stream.length]) {
      const reader = new AmiFrameReader();
      const frames: AmiFrame[] = [];
      let banner: string | undefined;
      for (let i = 0; i < stream.length; i += size) {
        const read = reader.push(Buffer.from(stream.slice(i, i + size)));
        banner ??= read.banner;
        frames.push(...read.frames);
      }
      assert.equal(banner, 'Asterisk Call Manager/9.0.0', `chunks of ${size}`);
      assert.deepEqual(
        frames.map((frame) => frame.get('Response') ?? frame.event),
        ['Success', 'Newchannel'],
      );
    }
  });

  test('header names match whatever their case; channel variables are read by name', () => {
    const [, event] = new AmiFrameReader().push(stream).frames;
    assert.equal(event?.get('uniqueid'), '1767607200.10');
    assert.equal(event?.variable('CALLTRAIL_DID'), '74950000001');
    assert.equal(event?.variable('MIXMONITOR_FILENAME'), '');
    assert.equal(event?.variable('NOT_EXPORTED'), undefined);
    assert.deepEqual(event?.toRecord().ChanVariable, ['CALLTRAIL_DID=74950000001', 'MIXMONITOR_FILENAME=']);
  });

  test('a value keeps its own colons and spaces; bare LF line ends are read too', () => {
    const reader = new AmiFrameReader({ banner: false });
    const [frame] = reader.push(
      'Event: Cdr\nCallerID: "Ivan: sales" <79161234567>\nLastData:  PJSIP/101,30\n\n',
    ).frames;
    assert.equal(frame?.get('CallerID'), '"Ivan: sales" <79161234567>');
    assert.equal(frame?.get('LastData'), ' PJSIP/101,30');
  });

  test('a multi-byte character split across chunks survives', () => {
    const reader = new AmiFrameReader({ banner: false });
    const bytes = Buffer.from('Event: Newchannel\r\nCallerIDName: Жанна\r\n\r\n');
    const split = bytes.indexOf(0xd0) + 1;
    assert.deepEqual(reader.push(bytes.subarray(0, split)).frames, []);
    assert.equal(reader.push(bytes.subarray(split)).frames[0]?.get('CallerIDName'), 'Жанна');
  });

  test('a peer that never ends its line is cut off', () => {
    const reader = new AmiFrameReader({ banner: false });
    assert.throws(() => reader.push('X'.repeat(1024 * 1024 + 1)), /longer than 1 MB/);
  });
});

describe('writing AMI', () => {
  test('an action is CRLF lines ended by an empty line', () => {
    assert.equal(
      formatFrame([
        ['Action', 'Login'],
        ['ActionID', 'calltrail-1'],
        ['Events', 'call,cdr'],
      ]),
      'Action: Login\r\nActionID: calltrail-1\r\nEvents: call,cdr\r\n\r\n',
    );
  });

  test('a value with a line break is refused: it would smuggle in headers', () => {
    assert.throws(() => formatFrame([['Secret', 'x\r\nAction: Originate']]), /line break/);
  });
});
