/** Pools: the list at /pools, one pool at /pools/<id>. */
import { h } from 'preact';
import type { PageProps } from '../page-props.ts';
import { PoolDetail } from './pool-detail.ts';
import { PoolList } from './pool-list.ts';
import './pools.css';

export function PoolsPage(props: PageProps) {
  const match = /^\/pools\/([^/]+)$/.exec(props.location.path);
  return match ? h(PoolDetail, { ...props, id: decodeURIComponent(match[1]!) }) : h(PoolList, props);
}
