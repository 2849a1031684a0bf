/**
 * Text to paste elsewhere (a snippet tag, a webhook URL, a token) with a copy button. Where the
 * clipboard API is refused (plain http, an old browser) the text is selected for Ctrl+C instead.
 */
import { h } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Words } from './words.ts';

export function CopyField(props: { w: Words; label: string; text: string; id?: string }) {
  const { w } = props;
  const box = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState<string | null>(null);
  function selectText() {
    box.current?.focus();
    box.current?.select();
    setNote(w.copyByHand);
  }
  function copy() {
    if (!navigator.clipboard) return selectText();
    navigator.clipboard.writeText(props.text).then(() => setNote(w.copied), selectText);
  }
  // Room for the whole text at the form's width, so a tag is read before it is copied.
  const rows = Math.min(6, Math.ceil(props.text.length / 60));
  return h(
    'div',
    { class: 'settings-copy', 'data-copy': props.id },
    h(
      'label',
      null,
      props.label,
      h('textarea', { ref: box, readOnly: true, rows, value: props.text, spellcheck: false }),
    ),
    h('button', { type: 'button', class: 'secondary', onClick: copy }, w.copy),
    note && h('span', { class: 'muted', role: 'status' }, note),
  );
}
