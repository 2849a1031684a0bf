/** The costs page's own words, in English and Russian. */
import type { Locale } from '../../i18n.ts';

const en = {
  title: 'Costs',
  uploadTitle: 'Upload ad spend',
  file: 'CSV file',
  upload: 'Upload',
  uploading: 'Uploading…',
  format:
    'One row per day and campaign (a keyword is optional). The header names the columns in any order: date, source, medium, campaign, keyword, cost, currency. Cells are separated by a comma or a semicolon; with semicolons the cost may have a decimal comma. Dates are YYYY-MM-DD or DD.MM.YYYY; the currency must be the workspace’s:',
  downloadExample: 'Download this example',
  stored:
    'Rows stored (new, or replacing the stored row of the same day, source, medium, campaign and keyword)',
  refused: 'Rows refused and left out',
  formatTitle: 'What the file looks like',
  nothingStored: 'Nothing was stored: every row was refused.',
  row: 'Row',
  column: 'Column',
  message: 'Problem',
  wholeRow: 'whole row',
  uploadsTitle: 'Uploads',
  noUploads: 'No costs uploaded yet.',
  uploadedAt: 'Uploaded',
  fileName: 'File',
  rowsStored: 'Rows stored',
  rowsRefused: 'Rows refused',
  showErrors: 'Show refused rows',
  totalsTitle: 'Costs in the period',
  noCosts: 'No costs in this period.',
  source: 'Source',
  medium: 'Medium',
  campaign: 'Campaign',
  days: 'Days',
  cost: 'Cost',
  total: 'Total',
};
type Words = typeof en;

const ru: Words = {
  title: 'Расходы',
  uploadTitle: 'Загрузка расходов на рекламу',
  file: 'Файл CSV',
  upload: 'Загрузить',
  uploading: 'Загружаем…',
  format:
    'Одна строка на день и кампанию (ключевое слово — по желанию). В заголовке названия столбцов в любом порядке: date, source, medium, campaign, keyword, cost, currency. Разделитель — запятая или точка с запятой; с точкой с запятой в сумме допустима десятичная запятая. Даты — ГГГГ-ММ-ДД или ДД.ММ.ГГГГ; валюта должна совпадать с валютой пространства:',
  downloadExample: 'Скачать этот пример',
  stored:
    'Сохранено строк (новых или заменивших сохранённую строку с тем же днём, источником, типом трафика, кампанией и ключевым словом)',
  refused: 'Отклонено и не загружено строк',
  formatTitle: 'Формат файла',
  nothingStored: 'Ничего не сохранено: все строки отклонены.',
  row: 'Строка',
  column: 'Столбец',
  message: 'Ошибка',
  wholeRow: 'вся строка',
  uploadsTitle: 'Загрузки',
  noUploads: 'Расходы ещё не загружались.',
  uploadedAt: 'Загружено',
  fileName: 'Файл',
  rowsStored: 'Сохранено строк',
  rowsRefused: 'Отклонено строк',
  showErrors: 'Показать отклонённые строки',
  totalsTitle: 'Расходы за период',
  noCosts: 'За этот период расходов нет.',
  source: 'Источник',
  medium: 'Тип трафика',
  campaign: 'Кампания',
  days: 'Дней',
  cost: 'Расход',
  total: 'Итого',
};

export const words = { en, ru } satisfies Record<Locale, Words>;
