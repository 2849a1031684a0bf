/** The Erlang B what-if form: change a pool's traffic or size and see the blocking it would give. */
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Speech } from '../../i18n.ts';
import { figure } from './figure.ts';
import { finePercent } from './fine-percent.ts';
import { type WhatIfInput, whatIf } from './what-if.ts';
import { words } from './words.ts';

export function WhatIfCalculator(props: { s: Speech; initial: WhatIfInput }) {
  const { s } = props;
  const w = words[s.locale];
  const [input, setInput] = useState(props.initial);
  const result = whatIf(input);
  const share = (value: number) => finePercent(s.locale, value, s.m.none);
  const field = (name: keyof WhatIfInput, label: string) =>
    h(
      'label',
      null,
      label,
      h('input', {
        name,
        inputMode: 'decimal',
        value: input[name],
        onInput: (event: Event) =>
          setInput({ ...input, [name]: (event.currentTarget as HTMLInputElement).value }),
      }),
    );
  return h(
    'section',
    { class: 'pools-what-if' },
    h('h2', null, w.whatIf),
    h(
      'form',
      { class: 'filters', onSubmit: (event: Event) => event.preventDefault() },
      field('sessionsPerHour', w.sessionsPerHour),
      field('visitMinutes', w.visitMinutes),
      field('holdMinutes', w.holdMinutes),
      field('poolSize', w.poolSize),
      field('targetPercent', w.targetPercent),
    ),
    h('p', { class: 'muted' }, w.busyHourHint),
    result === null
      ? h('p', { class: 'error', role: 'alert' }, w.invalidInput)
      : h(
          'div',
          null,
          h(
            'div',
            { class: 'figures' },
            figure('offered-load', w.offeredLoad, `${s.number(result.offeredLoad, 2)} ${w.erlangs}`),
            figure('blocking', w.blockingAtSize, share(result.blocking)),
            figure('required', w.numbersNeeded, s.number(result.required)),
          ),
          h(
            'table',
            { class: 'pools-nearby' },
            h('caption', null, w.nearbySizes),
            h(
              'thead',
              null,
              h('tr', null, h('th', null, w.poolSize), h('th', { class: 'number' }, w.blocking)),
            ),
            h(
              'tbody',
              null,
              result.nearby.map((row) =>
                h(
                  'tr',
                  {
                    key: row.size,
                    'data-size': row.size,
                    class: String(row.size) === input.poolSize.trim() ? 'pools-current' : undefined,
                  },
                  h('td', null, s.number(row.size)),
                  h('td', { class: 'number' }, share(row.blocking)),
                ),
              ),
            ),
          ),
        ),
  );
}
