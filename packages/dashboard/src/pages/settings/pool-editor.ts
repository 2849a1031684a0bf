/**
 * One pool's settings: routing rules (conditions on the session), hold, fallback and overflow
 * numbers, what happens when every number is taken, target blocking, and its numbers.
 */
import { channels, routingFields, routingOperators } from '@calltrail/core';
import type { Pool } from '@calltrail/protocol';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { link } from '../../router.ts';
import { choice, FormError, fieldOf, splitList } from './form-parts.ts';
import { type PoolChanges, settingsApi } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useSubmission } from './use-resource.ts';

type Condition = Pool['rules'][number]['conditions'][number];
/** A condition being edited: its values as typed, split on saving. */
type DraftCondition = Omit<Condition, 'values'> & { values: string };

const fields: readonly Condition['field'][] = routingFields;
const ops: readonly Condition['op'][] = routingOperators;
const policies: readonly Pool['exhaustionPolicy'][] = ['fallback', 'overflow', 'reuse'];

const draftOf = (rules: Pool['rules']): DraftCondition[][] =>
  rules.map((rule) => rule.conditions.map((c) => ({ ...c, values: c.values.join(', ') })));

const rulesOf = (draft: DraftCondition[][]): Pool['rules'] =>
  draft
    .map((conditions) => ({
      conditions: conditions
        .map((c) => ({ ...c, values: splitList(c.values) }))
        .filter((c) => c.values.length > 0),
    }))
    .filter((rule) => rule.conditions.length > 0);

const newCondition = (): DraftCondition => ({ field: 'channel', op: 'is', values: '' });

export function PoolEditor(props: TabProps & { pool: Pool; onSaved(): void }) {
  const { w, pool } = props;
  const submission = useSubmission();
  const [rules, setRules] = useState(() => draftOf(pool.rules));

  function save(event: Event) {
    event.preventDefault();
    const field = fieldOf(event);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const changes: PoolChanges = {
      name: field('name'),
      rules: rulesOf(rules),
      holdMinutes: Number(field('holdMinutes')),
      fallbackNumber: field('fallbackNumber') || null,
      overflowNumber: field('overflowNumber') || null,
      exhaustionPolicy: field('exhaustionPolicy') as Pool['exhaustionPolicy'],
      targetBlocking: Number(field('targetBlocking')) / 100,
      addNumbers: splitList(field('addNumbers')),
      removeNumbers: form.getAll('removeNumber').map(String),
    };
    return submission.run(async () => {
      await settingsApi.updatePool(pool.id, changes);
      props.onSaved();
    });
  }

  const readOnly = !props.canWrite;
  return h(
    'form',
    {
      class: 'settings-form settings-detail',
      onSubmit: save,
      'data-form': 'pool',
      'data-open-pool': pool.id,
    },
    h(
      'h2',
      null,
      pool.name,
      ' ',
      h('a', { ...link(`/pools/${encodeURIComponent(pool.id)}`), class: 'settings-close' }, w.poolHealth),
      ' ',
      h('a', { ...link('/settings/pools'), class: 'settings-close' }, w.cancel),
    ),
    h(
      'fieldset',
      { disabled: readOnly, class: 'settings-fieldset' },
      h('label', null, w.name, h('input', { name: 'name', required: true, value: pool.name })),
      h(
        'div',
        { class: 'settings-row' },
        h(
          'label',
          null,
          w.holdMinutes,
          h('input', { name: 'holdMinutes', type: 'number', min: 1, max: 1440, value: pool.holdMinutes }),
        ),
        h(
          'label',
          null,
          w.targetBlocking,
          h('input', {
            name: 'targetBlocking',
            type: 'number',
            min: 0.1,
            max: 50,
            step: 0.1,
            value: Math.round(pool.targetBlocking * 1000) / 10,
          }),
        ),
        h(
          'label',
          null,
          w.exhaustionPolicy,
          choice(
            'exhaustionPolicy',
            policies.map((policy) => [policy, w.policies[policy]] as const),
            pool.exhaustionPolicy,
          ),
        ),
      ),
      h(
        'div',
        { class: 'settings-row' },
        h(
          'label',
          null,
          w.fallbackNumber,
          h('input', { name: 'fallbackNumber', value: pool.fallbackNumber ?? '' }),
        ),
        h(
          'label',
          null,
          w.overflowNumber,
          h('input', { name: 'overflowNumber', value: pool.overflowNumber ?? '' }),
        ),
      ),
      h(RulesEditor, { ...props, rules, setRules }),
      h('h3', null, w.numbers),
      h(
        'ul',
        { class: 'settings-pool-numbers' },
        pool.numbers.map((number) =>
          h(
            'li',
            { key: number },
            h(
              'label',
              { class: 'settings-check' },
              h('input', { type: 'checkbox', name: 'removeNumber', value: number }),
              number,
            ),
          ),
        ),
      ),
      h('p', { class: 'muted' }, w.removeNumbers),
      h('label', null, `${w.addNumbers} (${w.listHint})`, h('textarea', { name: 'addNumbers', rows: 2 })),
      h('div', null, h('button', { type: 'submit', disabled: submission.busy }, w.save)),
    ),
    h(FormError, { w, submission }),
  );
}

function RulesEditor(
  props: TabProps & { rules: DraftCondition[][]; setRules(rules: DraftCondition[][]): void },
) {
  const { s, w, rules, setRules } = props;
  const change = (ruleIndex: number, conditions: DraftCondition[]) =>
    setRules(rules.map((rule, i) => (i === ruleIndex ? conditions : rule)).filter((rule) => rule.length > 0));
  const valueList = (field: Condition['field']) => (field === 'channel' ? 'settings-channels' : undefined);
  return h(
    'div',
    { class: 'settings-rules' },
    h('h3', null, w.rules),
    h(
      'datalist',
      { id: 'settings-channels' },
      channels.map((channel) => h('option', { value: channel }, s.channel(channel))),
    ),
    rules.map((conditions, ruleIndex) =>
      h(
        'fieldset',
        { class: 'settings-rule', key: ruleIndex, 'data-rule': ruleIndex },
        h('legend', null, w.rule(ruleIndex + 1)),
        conditions.map((condition, conditionIndex) => {
          const update = (patch: Partial<DraftCondition>) =>
            change(
              ruleIndex,
              conditions.map((c, i) => (i === conditionIndex ? { ...c, ...patch } : c)),
            );
          return h(
            'div',
            { class: 'settings-row', key: conditionIndex },
            h(
              'select',
              {
                'aria-label': w.fields[condition.field],
                value: condition.field,
                onChange: (event: Event) =>
                  update({ field: (event.currentTarget as HTMLSelectElement).value as Condition['field'] }),
              },
              fields.map((field) => h('option', { value: field }, w.fields[field])),
            ),
            h(
              'select',
              {
                'aria-label': w.ops[condition.op],
                value: condition.op,
                onChange: (event: Event) =>
                  update({ op: (event.currentTarget as HTMLSelectElement).value as Condition['op'] }),
              },
              ops.map((op) => h('option', { value: op }, w.ops[op])),
            ),
            h('input', {
              'aria-label': w.values,
              placeholder: w.values,
              value: condition.values,
              list: valueList(condition.field),
              onInput: (event: Event) => update({ values: (event.currentTarget as HTMLInputElement).value }),
            }),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onClick: () =>
                  change(
                    ruleIndex,
                    conditions.filter((_, i) => i !== conditionIndex),
                  ),
              },
              w.remove,
            ),
          );
        }),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onClick: () => change(ruleIndex, [...conditions, newCondition()]),
          },
          w.addCondition,
        ),
      ),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', onClick: () => setRules([...rules, [newCondition()]]) },
      w.addRule,
    ),
  );
}
