// Writes the generated documents under docs/ (`npm run docs`); tests fail when they go stale.
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../packages/core/src/errors-doc.ts';

const documents: Array<{ path: string; render: () => string }> = [
  { path: 'docs/errors.md', render: renderErrorDocs },
];

for (const { path, render } of documents) {
  writeFileSync(new URL(`../${path}`, import.meta.url), render());
  console.log(`wrote ${path}`);
}
