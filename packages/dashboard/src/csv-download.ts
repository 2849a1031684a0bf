/**
 * "Export CSV" for a table the page already shows (what the server sent, masked for the role):
 * written with core's CSV rules, the same as the server's exports, so a cell typed as
 * `=HYPERLINK(…)` stays text in a spreadsheet. Reports with their own `.csv` endpoint link to it
 * instead, so they export every row, not just the loaded ones.
 */
import { byteOrderMark, type CsvCell, csvRow } from '@calltrail/core';
import { h } from 'preact';

export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return byteOrderMark + csvRow(header) + rows.map(csvRow).join('');
}

/** A button that saves the rows as `fileName` (a Blob URL: the CSP allows no data: links). */
export function CsvButton(props: {
  label: string;
  fileName: string;
  header: readonly string[];
  rows: () => readonly (readonly CsvCell[])[];
}) {
  function save() {
    const url = URL.createObjectURL(new Blob([csvText(props.header, props.rows())], { type: 'text/csv' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = props.fileName;
    anchor.click();
    // The click has started the download; the URL is not needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return h(
    'button',
    { type: 'button', class: 'secondary', 'data-export': props.fileName, onClick: save },
    props.label,
  );
}
