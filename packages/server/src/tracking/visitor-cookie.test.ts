import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visitorCookieDomain } from './visitor-cookie.ts';

const cases: [host: string, domains: string[], domain: string | null][] = [
  ['ct.shop.localhost', ['shop.localhost'], 'shop.localhost'],
  ['CT.Clinic.Example', ['clinic.example'], 'clinic.example'],
  ['clinic.example', ['clinic.example'], null],
  ['calltrail.example', ['clinic.example'], null],
  ['ct.evilclinic.example', ['clinic.example'], null],
  ['ct.clinic.example', ['*.clinic.example'], null],
  ['ct.shop.clinic.example', ['shop.clinic.example', 'clinic.example'], 'clinic.example'],
];

for (const [host, domains, domain] of cases) {
  test(`host ${host} with domains ${domains.join(', ')} sets the visitor cookie on ${domain ?? 'no domain'}`, () => {
    assert.equal(visitorCookieDomain(host, domains), domain);
  });
}
