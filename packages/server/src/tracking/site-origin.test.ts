import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originAllowed } from './site-origin.ts';

const cases: [origin: string, domains: string[], allowed: boolean][] = [
  ['https://clinic.example', ['clinic.example'], true],
  ['https://www.clinic.example', ['clinic.example'], true],
  ['https://shop.clinic.example', ['clinic.example'], false],
  ['https://shop.clinic.example', ['*.clinic.example'], true],
  ['https://clinic.example', ['*.clinic.example'], true],
  ['https://evilclinic.example', ['*.clinic.example'], false],
  ['http://localhost:5173', ['localhost'], true],
  ['null', ['clinic.example'], false],
  ['https://other.example', ['clinic.example', 'clinic2.example'], false],
];

for (const [origin, domains, allowed] of cases) {
  test(`origin ${origin} is ${allowed ? 'allowed' : 'refused'} for ${domains.join(', ')}`, () => {
    assert.equal(originAllowed(origin, domains), allowed);
  });
}
