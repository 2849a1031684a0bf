import { h, render } from 'preact';
import { App } from './app.ts';
import './styles.css';

render(h(App, null), document.getElementById('app') as HTMLElement);
