import { h } from 'preact';
import type { PageProps } from '../page-props.ts';

export function CostsPage(props: PageProps) {
  return h('h1', null, props.s.m.costs);
}
