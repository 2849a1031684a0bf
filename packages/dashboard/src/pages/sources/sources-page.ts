import { h } from 'preact';
import type { PageProps } from '../page-props.ts';

export function SourcesPage(props: PageProps) {
  return h('h1', null, props.s.m.sources);
}
