/**
 * Finds a site's phone numbers in text however the page writes them, and rewrites them digit for
 * digit, so the page keeps its own spacing, brackets and prefix (`8` or `+7`).
 */

/** A business number as the settings describe it: E.164, country code length, trunk prefix. */
export interface PhoneSpec {
  e: string;
  c: number;
  p: string;
}

/** One place a known number is written, as offsets into the text searched. */
export interface PhoneMatch {
  start: number;
  end: number;
  /** The business number the written number stands for. */
  biz: string;
}

/** Separators people put inside phone numbers: spaces of every width, brackets, dots, dashes. */
const sep = '[\\s\\u00a0\\u2009\\u202f().\\u2010-\\u2015-]{0,3}';

const spread = (digits: string) => digits.split('').join(sep);

/** The three ways a number is written: international, with the trunk prefix, national only. */
const Form = { International: 0, Trunk: 1, National: 2 } as const;
type Form = (typeof Form)[keyof typeof Form];

interface Written {
  biz: PhoneSpec;
  /** The number as this alternative writes it, e.g. the tracking number that replaced it. */
  digits: string;
  form: Form;
}

/** A digit, or a separator that joins it to more digits ("12-3"), continues a longer number. */
const continues = (text: string, at: number, step: 1 | -1): boolean => {
  const next = text.charAt(at);
  if (/\d/.test(next)) return true;
  return /[-./]/.test(next) && /\d/.test(text.charAt(at + step));
};

const countryCodeBefore = /\+[\s\u00a0(]*\d{1,3}[\s\u00a0().-]*$/;

export interface Matcher {
  /** Every place in `text` where one of the numbers is written, left to right. */
  find(text: string): PhoneMatch[];
  /** `written` with its digits replaced by `show`'s, in the same form (`written` is a match's text). */
  rewrite(written: string, biz: string, show: string): string;
}

/**
 * A matcher for the business numbers and the numbers shown in their place so far (`shown` maps a
 * shown number to its business number), so a page swapped once can be swapped again.
 */
export function matcher(specs: readonly PhoneSpec[], shown: Readonly<Record<string, string>>): Matcher {
  const byE164 = new Map(specs.map((spec) => [spec.e, spec]));
  const written: Written[] = [];
  const add = (e164: string, biz: PhoneSpec) => {
    const cc = biz.e.slice(1, 1 + biz.c);
    const all = e164.slice(1);
    written.push({ biz, digits: all, form: Form.International });
    // A number of another country is only recognised when written internationally.
    if (!all.startsWith(cc)) return;
    const national = all.slice(cc.length);
    if (biz.p) written.push({ biz, digits: biz.p + national, form: Form.Trunk });
    written.push({ biz, digits: national, form: Form.National });
  };
  for (const spec of specs) add(spec.e, spec);
  for (const [number, biz] of Object.entries(shown)) {
    const spec = byE164.get(biz);
    if (spec && !byE164.has(number)) add(number, spec);
  }
  // Longer alternatives first, so "8 495 …" is read as trunk + national, not as a shorter number.
  written.sort((a, b) => b.digits.length - a.digits.length);
  const pattern = new RegExp(
    written
      .map((w) => `(${w.form === Form.International ? `(?:\\+${sep})?` : ''}${spread(w.digits)})`)
      .join('|'),
    'g',
  );

  const formOf = (text: string, spec: PhoneSpec): Form => {
    const digits = text.replace(/\D/g, '');
    const national = spec.e.length - 1 - spec.c;
    if (digits.length <= national) return Form.National;
    return spec.p && digits.startsWith(spec.p) && digits.length === national + spec.p.length
      ? Form.Trunk
      : Form.International;
  };

  return {
    find(text) {
      const found: PhoneMatch[] = [];
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        const alternative = written[m.findIndex((group, i) => i > 0 && group !== undefined) - 1];
        if (
          !alternative ||
          continues(text, start - 1, -1) ||
          continues(text, end, 1) ||
          // In "+1 495 123 4567" the digits after the country code are not a national number of ours.
          (alternative.form !== Form.International &&
            countryCodeBefore.test(text.slice(Math.max(0, start - 12), start)))
        ) {
          pattern.lastIndex = start + 1;
          continue;
        }
        found.push({ start, end, biz: alternative.biz.e });
      }
      return found;
    },

    rewrite(text, biz, show) {
      const spec = byE164.get(biz);
      if (!spec) return text;
      const cc = spec.e.slice(1, 1 + spec.c);
      const form = formOf(text, spec);
      let digits = show.slice(1);
      let plus = false;
      if (!digits.startsWith(cc)) plus = form !== Form.International || !text.includes('+');
      else if (form === Form.Trunk) digits = spec.p + digits.slice(cc.length);
      else if (form === Form.National) digits = digits.slice(cc.length);
      let next = 0;
      let out = '';
      for (const char of text) {
        if (/\d/.test(char)) {
          // Fewer digits in the new number: the surplus positions, with their separators, go.
          if (next >= digits.length) {
            out = out.replace(/\D+$/, '');
            break;
          }
          out += digits.charAt(next++);
        } else out += char;
      }
      // More digits in the new number join the last group (a match always ends with a digit).
      out += digits.slice(next);
      return plus ? `+${out}` : out;
    },
  };
}
