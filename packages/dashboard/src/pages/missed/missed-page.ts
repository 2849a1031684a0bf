import { h } from 'preact';
import type { PageProps } from '../page-props.ts';

export function MissedPage(props: PageProps) {
  return h('h1', null, props.s.m.missed);
}
