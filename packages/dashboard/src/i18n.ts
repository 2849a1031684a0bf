/**
 * The dashboard's words in English and Russian, and Intl formatting in the chosen locale. A locale
 * is a plain typed object: a missing word is a compile error, not an empty label.
 */
import type { Channel } from '@calltrail/core';
import type { CallRecord } from '@calltrail/protocol';

export const locales = ['en', 'ru'] as const;
export type Locale = (typeof locales)[number];

type Status = CallRecord['status'];
type AttributionStatus = CallRecord['attribution']['status'];
type AttributionReason = CallRecord['attribution']['reason'];

const en = {
  appName: 'Calltrail',
  email: 'Email',
  password: 'Password',
  logIn: 'Log in',
  logOut: 'Log out',
  loggingIn: 'Logging in…',
  workspace: 'Workspace',
  language: 'Language',
  calls: 'Calls',
  loading: 'Loading…',
  from: 'From',
  to: 'To',
  channel: 'Channel',
  source: 'Source',
  status: 'Status',
  any: 'Any',
  repeatOnly: 'Repeat calls',
  notRepeat: 'Not repeat calls',
  apply: 'Apply',
  reset: 'Reset',
  more: 'Show more',
  noCalls: 'No calls match these filters.',
  startedAt: 'Time',
  caller: 'Caller',
  trackingNumber: 'Tracking number',
  wait: 'Wait',
  talk: 'Talk',
  firstTime: 'First-time',
  repeat: 'Repeat',
  withheld: 'Withheld',
  back: '← All calls',
  agent: 'Agent',
  queue: 'Queue',
  transfers: 'Transfers',
  direction: 'Direction',
  recording: 'Recording',
  attribution: 'Attribution',
  confidence: 'Confidence',
  reason: 'Reason',
  session: 'Session',
  medium: 'Medium',
  campaign: 'Campaign',
  term: 'Term',
  landingPage: 'Landing page',
  referrer: 'Referrer',
  clickIds: 'Click ids',
  candidates: 'Candidate sessions',
  probability: 'Probability',
  none: '—',
  errorTitle: 'Something went wrong',
  inbound: 'Inbound',
  outbound: 'Outbound',
  sources: 'Sources',
  costs: 'Costs',
  missed: 'Missed calls',
  pools: 'Pools',
  settings: 'Settings',
  exportCsv: 'Export CSV',
};
export type Messages = typeof en;

const ru: Messages = {
  appName: 'Calltrail',
  email: 'Эл. почта',
  password: 'Пароль',
  logIn: 'Войти',
  logOut: 'Выйти',
  loggingIn: 'Входим…',
  workspace: 'Пространство',
  language: 'Язык',
  calls: 'Звонки',
  loading: 'Загрузка…',
  from: 'С',
  to: 'По',
  channel: 'Канал',
  source: 'Источник',
  status: 'Статус',
  any: 'Все',
  repeatOnly: 'Повторные звонки',
  notRepeat: 'Не повторные',
  apply: 'Применить',
  reset: 'Сбросить',
  more: 'Показать ещё',
  noCalls: 'Нет звонков по этим фильтрам.',
  startedAt: 'Время',
  caller: 'Звонящий',
  trackingNumber: 'Отслеживаемый номер',
  wait: 'Ожидание',
  talk: 'Разговор',
  firstTime: 'Первичный',
  repeat: 'Повторный',
  withheld: 'Скрыт',
  back: '← Все звонки',
  agent: 'Менеджер',
  queue: 'Очередь',
  transfers: 'Переводы',
  direction: 'Направление',
  recording: 'Запись',
  attribution: 'Атрибуция',
  confidence: 'Уверенность',
  reason: 'Причина',
  session: 'Сессия',
  medium: 'Тип трафика',
  campaign: 'Кампания',
  term: 'Ключевое слово',
  landingPage: 'Страница входа',
  referrer: 'Реферер',
  clickIds: 'Идентификаторы кликов',
  candidates: 'Сессии-кандидаты',
  probability: 'Вероятность',
  none: '—',
  errorTitle: 'Что-то пошло не так',
  inbound: 'Входящий',
  outbound: 'Исходящий',
  sources: 'Источники',
  costs: 'Расходы',
  missed: 'Пропущенные',
  pools: 'Пулы',
  settings: 'Настройки',
  exportCsv: 'Выгрузить CSV',
};

const channelNames: Record<Locale, Record<Channel, string>> = {
  en: {
    direct: 'Direct',
    organic_search: 'Organic search',
    paid_search: 'Paid search',
    organic_social: 'Organic social',
    paid_social: 'Paid social',
    email: 'Email',
    referral: 'Referral',
    display: 'Display',
    messenger: 'Messenger',
    affiliate: 'Affiliate',
    offline: 'Offline',
    other: 'Other',
  },
  ru: {
    direct: 'Прямые заходы',
    organic_search: 'Поиск',
    paid_search: 'Контекстная реклама',
    organic_social: 'Соцсети',
    paid_social: 'Реклама в соцсетях',
    email: 'Рассылки',
    referral: 'Переходы с сайтов',
    display: 'Медийная реклама',
    messenger: 'Мессенджеры',
    affiliate: 'Партнёры',
    offline: 'Офлайн',
    other: 'Другое',
  },
};

const statusNames: Record<Locale, Record<Status, string>> = {
  en: {
    ringing: 'Ringing',
    answered: 'Answered',
    completed: 'Completed',
    missed: 'Missed',
    busy: 'Busy',
    failed: 'Failed',
  },
  ru: {
    ringing: 'Звонит',
    answered: 'Отвечен',
    completed: 'Завершён',
    missed: 'Пропущен',
    busy: 'Занято',
    failed: 'Ошибка',
  },
};

const attributionNames: Record<Locale, Record<AttributionStatus, string>> = {
  en: { attributed: 'Attributed', uncertain: 'Uncertain', unattributed: 'Unattributed' },
  ru: { attributed: 'Определён', uncertain: 'Неточно', unattributed: 'Не определён' },
};

const reasonNames: Record<Locale, Record<AttributionReason, string>> = {
  en: {
    lease_window: 'The number was shown to this session',
    static_number: 'Static number of the source',
    offline_number: 'Offline channel number',
    overflow_number: 'Overflow number',
    no_live_lease: 'No session held the number',
    unknown_number: 'Unknown number',
    several_leases: 'Several sessions could have called',
    weak_evidence: 'The session was inactive for long',
    grace_window: 'Shortly after the session’s number expired',
    reused_number: 'The number had been reused',
    fallback_number: 'The pool was exhausted',
    caller_history: 'The caller’s earlier call',
    outbound_call: 'Outbound call',
  },
  ru: {
    lease_window: 'Номер был показан этой сессии',
    static_number: 'Статический номер источника',
    offline_number: 'Номер офлайн-канала',
    overflow_number: 'Резервный номер',
    no_live_lease: 'Номер не был выдан ни одной сессии',
    unknown_number: 'Неизвестный номер',
    several_leases: 'Звонить могли несколько сессий',
    weak_evidence: 'Сессия долго была неактивна',
    grace_window: 'Вскоре после окончания показа номера',
    reused_number: 'Номер был выдан повторно',
    fallback_number: 'Пул номеров исчерпан',
    caller_history: 'По прошлому звонку этого абонента',
    outbound_call: 'Исходящий звонок',
  },
};

/** Everything a page needs to speak the user's language in the workspace's time zone. */
export interface Speech {
  locale: Locale;
  m: Messages;
  channel(channel: Channel): string;
  status(status: Status): string;
  attribution(status: AttributionStatus): string;
  reason(reason: AttributionReason): string;
  dateTime(iso: string): string;
  seconds(value: number | null): string;
  percent(share: number): string;
  /** A plain number with the locale's digit grouping, at most `digits` decimals (default 0). */
  number(value: number, digits?: number): string;
  /** An amount in the given ISO 4217 currency, the locale's way. */
  money(value: number, currency: string): string;
  /** A day (YYYY-MM-DD or an instant) as the locale writes dates. */
  date(isoOrDay: string): string;
}

export function speech(locale: Locale, workspace: { timeZone: string }): Speech {
  const dates = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: workspace.timeZone,
  });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  // A calendar day is the same day everywhere: format it at noon UTC, in UTC.
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const localDays = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: workspace.timeZone });
  const m = locale === 'ru' ? ru : en;
  return {
    locale,
    m,
    channel: (channel) => channelNames[locale][channel],
    status: (status) => statusNames[locale][status],
    attribution: (status) => attributionNames[locale][status],
    reason: (reason) => reasonNames[locale][reason],
    dateTime: (iso) => dates.format(new Date(iso)),
    seconds: (value) => (value === null ? m.none : formatDuration(value)),
    percent: (share) => percent.format(share),
    number: (value, digits = 0) =>
      new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
    money: (value, currency) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value),
    date: (isoOrDay) =>
      /^\d{4}-\d{2}-\d{2}$/.test(isoOrDay)
        ? days.format(new Date(`${isoOrDay}T12:00:00Z`))
        : localDays.format(new Date(isoOrDay)),
  };
}

/** `m:ss`, or `h:mm:ss` from an hour: the same in both languages. */
export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The saved choice, else the browser's language when it is Russian, else English. */
export function initialLocale(saved: string | null, browserLanguage: string): Locale {
  if (saved === 'en' || saved === 'ru') return saved;
  return browserLanguage.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}
