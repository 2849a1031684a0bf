/**
 * What an operator says of a call: tags, a rating, qualified or not, the deal's value. Roles that
 * may annotate edit it (saved with PATCH); the others see it read-only.
 */
import type { CallRecord } from '@calltrail/protocol';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Speech } from '../../i18n.ts';
import { qualifiedText, ratingStars } from './annotation-text.ts';
import { callsApi } from './calls-api.ts';
import { facts } from './facts.ts';
import { words } from './words.ts';

interface Props {
  s: Speech;
  call: CallRecord;
  currency: string;
  editable: boolean;
  onSaved: (call: CallRecord) => void;
}

export function AnnotationPanel(props: Props) {
  const w = words[props.s.locale];
  return h(
    'section',
    { class: 'call-annotation' },
    h('h2', null, w.annotation),
    props.editable ? h(AnnotationForm, props) : ReadOnly(props),
  );
}

function ReadOnly({ s, call, currency }: Props) {
  const { m } = s;
  const w = words[s.locale];
  return facts([
    [w.tags, call.tags.length ? h('span', { class: 'call-tags' }, call.tags.map(tagChip)) : w.noTags],
    [w.rating, call.rating === null ? m.none : ratingStars(call.rating, w)],
    [w.qualified, qualifiedText(w, call.qualified, w.undecided)],
    [w.dealValue, call.dealValue === null ? m.none : s.money(call.dealValue, currency)],
  ]);
}

const tagChip = (tag: string) => h('span', { class: 'call-tag', key: tag }, tag);

type Qualified = 'true' | 'false' | '';
const qualifiedValue = (qualified: boolean | null): Qualified =>
  qualified === null ? '' : qualified ? 'true' : 'false';

function AnnotationForm({ s, call, currency, onSaved }: Props) {
  const w = words[s.locale];
  const [tags, setTags] = useState(call.tags);
  const [newTag, setNewTag] = useState('');
  const [rating, setRating] = useState(call.rating);
  const [qualified, setQualified] = useState<Qualified>(qualifiedValue(call.qualified));
  const [dealValue, setDealValue] = useState(call.dealValue === null ? '' : String(call.dealValue));
  const [state, setState] = useState<{ saving: boolean; saved: boolean; error: string | null }>({
    saving: false,
    saved: false,
    error: null,
  });
  const edited = () => setState({ saving: false, saved: false, error: null });

  function addTag() {
    const tag = newTag.trim();
    if (tag && !tags.includes(tag)) setTags([...tags, tag]);
    setNewTag('');
    edited();
  }

  async function save(event: Event) {
    event.preventDefault();
    setState({ saving: true, saved: false, error: null });
    try {
      const saved = await callsApi.annotate(call.id, {
        tags,
        rating,
        qualified: qualified === '' ? null : qualified === 'true',
        dealValue: dealValue.trim() === '' ? null : Number(dealValue),
      });
      setState({ saving: false, saved: true, error: null });
      onSaved(saved);
    } catch (failure) {
      setState({ saving: false, saved: false, error: (failure as Error).message });
    }
  }

  return h(
    'form',
    // The API checks the values and says what is wrong, in one place, rather than the browser's own bubbles.
    { class: 'call-annotation-form', onSubmit: save, noValidate: true },
    h(
      'fieldset',
      null,
      h('legend', null, w.tags),
      h(
        'span',
        { class: 'call-tags' },
        tags.length === 0 && h('span', { class: 'muted' }, w.noTags),
        tags.map((tag) =>
          h(
            'span',
            { class: 'call-tag', key: tag },
            tag,
            h(
              'button',
              {
                type: 'button',
                class: 'call-tag-remove',
                'aria-label': `${w.removeTag} ${tag}`,
                onClick: () => {
                  setTags(tags.filter((t) => t !== tag));
                  edited();
                },
              },
              '×',
            ),
          ),
        ),
      ),
      h(
        'span',
        { class: 'call-tag-add' },
        h('input', {
          type: 'text',
          'aria-label': w.addTag,
          placeholder: w.addTag,
          maxLength: 50,
          value: newTag,
          onInput: (event: Event) => setNewTag((event.currentTarget as HTMLInputElement).value),
          // Enter adds the tag rather than saving the form half-typed.
          onKeyDown: (event: KeyboardEvent) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            addTag();
          },
        }),
        h('button', { type: 'button', class: 'secondary', onClick: addTag }, w.add),
      ),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, w.rating),
      h(
        'span',
        { class: 'call-rating', role: 'group', 'aria-label': w.rating },
        [1, 2, 3, 4, 5].map((stars) =>
          h(
            'button',
            {
              type: 'button',
              key: stars,
              class: rating !== null && stars <= rating ? 'call-star on' : 'call-star',
              'aria-label': w.stars(stars),
              'aria-pressed': rating === stars,
              onClick: () => {
                setRating(stars);
                edited();
              },
            },
            rating !== null && stars <= rating ? '★' : '☆',
          ),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary call-rating-clear',
            'aria-pressed': rating === null,
            onClick: () => {
              setRating(null);
              edited();
            },
          },
          w.clearRating,
        ),
      ),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, w.qualified),
      (
        [
          ['true', w.yes],
          ['false', w.no],
          ['', w.undecided],
        ] as [Qualified, string][]
      ).map(([value, label]) =>
        h(
          'label',
          { class: 'call-choice', key: value },
          h('input', {
            type: 'radio',
            name: 'qualified',
            value,
            checked: qualified === value,
            onChange: () => {
              setQualified(value);
              edited();
            },
          }),
          label,
        ),
      ),
    ),
    h(
      'label',
      null,
      `${w.dealValue}, ${currency}`,
      h('input', {
        type: 'number',
        name: 'dealValue',
        min: 0,
        step: 'any',
        inputMode: 'decimal',
        value: dealValue,
        onInput: (event: Event) => {
          setDealValue((event.currentTarget as HTMLInputElement).value);
          edited();
        },
      }),
      dealValue.trim() !== '' &&
        Number.isFinite(Number(dealValue)) &&
        h('span', { class: 'muted' }, s.money(Number(dealValue), currency)),
    ),
    h(
      'div',
      { class: 'call-annotation-actions' },
      h('button', { type: 'submit', disabled: state.saving }, state.saving ? w.saving : w.save),
      state.saved && h('span', { class: 'call-saved', role: 'status' }, w.saved),
      state.error && h('p', { class: 'error', role: 'alert' }, state.error),
    ),
  );
}
