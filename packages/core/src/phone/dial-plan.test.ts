import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dialPlan } from './dial-plan.ts';

const cases = [
  {
    number: '+74951234567',
    callingCode: '7',
    nationalPrefix: '8',
    why: 'Russia dials 8 before the area code',
  },
  { number: '+74950000001', callingCode: '7', nationalPrefix: '8', why: 'a fictional tracking number' },
  { number: '+77012345678', callingCode: '7', nationalPrefix: '8', why: 'Kazakhstan shares +7 and its 8' },
  { number: '+14155550134', callingCode: '1', nationalPrefix: '1', why: 'the US dials 1' },
  { number: '+442079460018', callingCode: '44', nationalPrefix: '0', why: 'the UK dials 0' },
  { number: '+4930123456', callingCode: '49', nationalPrefix: '0', why: 'Germany dials 0' },
  { number: '+375291234567', callingCode: '375', nationalPrefix: '8', why: 'a three-digit calling code' },
  {
    number: '+390612345678',
    callingCode: '39',
    nationalPrefix: '',
    why: 'Italy keeps its 0 inside the number',
  },
];

for (const { number, callingCode, nationalPrefix, why } of cases) {
  test(`${number}: calling code ${callingCode}, national prefix '${nationalPrefix}' (${why})`, () => {
    assert.deepEqual(dialPlan(number), { callingCode, nationalPrefix });
  });
}

test('text that is no number has no dial plan', () => {
  assert.equal(dialPlan('not a number'), null);
});
