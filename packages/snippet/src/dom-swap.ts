/**
 * Swaps numbers in the page: text (also a number split over adjacent inline elements), phone and
 * messenger links, labels and the attributes a site names. Form fields, scripts, styles and
 * editable content are never touched, and a node is written only when its text really changes, so
 * the page's own mutation observers see nothing when there is nothing to swap.
 */
import type { Matcher } from './phone-match.ts';

export interface SwapContext {
  matcher: Matcher;
  /** The number to show for a business number, if it is swapped. */
  show(biz: string): string | undefined;
  /** Attributes to swap besides href (phone links only), aria-label and title. */
  attributes: readonly string[];
  debug: boolean;
}

/** Elements that flow inside a line: a number may be split across them. */
const inline = new Set(
  'A ABBR B BDI BDO BIG CITE CODE DATA DFN EM FONT I KBD LABEL MARK NOBR Q S SAMP SMALL SPAN STRONG SUB SUP TIME TT U VAR'.split(
    ' ',
  ),
);
/** Text that is not page copy: never read, and it ends a run of text. */
const opaque = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TEMPLATE', 'OPTION', 'TITLE']);
/** What a visitor types into or a page keeps as data. */
const untouchable =
  'script,style,noscript,textarea,select,input,template,[contenteditable]:not([contenteditable=false])';
const phoneLink = /^\s*(tel:|sms:|whatsapp:|https?:\/\/(wa\.me|api\.whatsapp\.com)\/)/i;

const log = (...parts: unknown[]) => console.info('[calltrail]', ...parts);

/** The nearest ancestor that is not inline: text under the same one reads as one line. */
export function blockOf(node: Node): Node | null {
  let parent = node.parentNode;
  while (parent && inline.has((parent as Element).tagName)) parent = parent.parentNode;
  return parent;
}

function mark(element: Element | null, ctx: SwapContext, from: string, to: string): void {
  if (!ctx.debug || !element) return;
  (element as HTMLElement).style.outline = '2px dashed #d0f';
  log('swapped', JSON.stringify(from), '→', JSON.stringify(to), element);
}

/** `text` with every known number rewritten; the same string when nothing changes. */
function rewriteAll(text: string, ctx: SwapContext): string {
  let out = '';
  let at = 0;
  for (const match of ctx.matcher.find(text)) {
    const show = ctx.show(match.biz);
    if (!show) continue;
    out +=
      text.slice(at, match.start) + ctx.matcher.rewrite(text.slice(match.start, match.end), match.biz, show);
    at = match.end;
  }
  return at ? out + text.slice(at) : text;
}

function swapElementAttributes(element: Element, ctx: SwapContext): void {
  if (element.closest(untouchable)) return;
  for (const name of ['href', 'aria-label', 'title', ...ctx.attributes]) {
    const value = element.getAttribute(name);
    if (!value || (name === 'href' && !phoneLink.test(value))) continue;
    const swapped = rewriteAll(value, ctx);
    if (swapped === value) continue;
    element.setAttribute(name, swapped);
    mark(element, ctx, value, swapped);
  }
}

function swapAttributes(root: ParentNode, ctx: SwapContext): void {
  const selector = ['href', 'aria-label', 'title', ...ctx.attributes].map((name) => `[${name}]`).join();
  if (root instanceof Element && root.matches(selector)) swapElementAttributes(root, ctx);
  for (const element of root.querySelectorAll(selector)) swapElementAttributes(element, ctx);
}

/** Swaps numbers in a run of text nodes that read as one line. */
function swapRun(nodes: Text[], ctx: SwapContext): void {
  const texts = nodes.map((node) => node.data);
  const text = texts.join('');
  const matches = ctx.matcher.find(text);
  if (matches.length === 0) return;
  const chars = texts.map((t) => t.split(''));
  const changed = new Set<number>();
  for (const match of matches) {
    const show = ctx.show(match.biz);
    const written = text.slice(match.start, match.end);
    const swapped = show ? ctx.matcher.rewrite(written, match.biz, show) : written;
    if (swapped === written) continue;
    // The nodes holding each character of the match; the first and last of them decide.
    const place: [number, number][] = [];
    let node = 0;
    let offset = match.start;
    for (let i = match.start; i < match.end; i++) {
      while (offset >= texts[node]!.length) offset -= texts[node++]!.length;
      place.push([node, offset++]);
    }
    const inside = new Set(place.map(([n]) => n));
    const held = [...inside].find((n) => nodes[n]!.parentElement?.closest(untouchable));
    if (held !== undefined) {
      if (ctx.debug) log('skipped', JSON.stringify(written), 'in', nodes[held]!.parentElement);
      continue;
    }
    // Digit for digit, so each character stays in its own element; a longer or shorter number
    // gains or loses characters at its end.
    place.forEach(([n, o], i) => {
      chars[n]![o] = i < place.length - 1 ? (swapped[i] ?? '') : swapped.slice(i);
      changed.add(n);
    });
    mark(nodes[place[0]![0]]!.parentElement, ctx, written, swapped);
  }
  for (const n of changed) {
    const data = chars[n]!.join('');
    if (nodes[n]!.data !== data) nodes[n]!.data = data;
  }
}

function swapText(root: Node, ctx: SwapContext): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let run: Text[] = [];
  let block: Node | null = null;
  const flush = () => {
    if (run.some((node) => /\d/.test(node.data))) swapRun(run, ctx);
    run = [];
  };
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (opaque.has((node.parentNode as Element).tagName)) {
      flush();
      if (ctx.debug && ctx.matcher.find(node.data).length)
        log('skipped', JSON.stringify(node.data), 'in', node.parentNode);
      continue;
    }
    const nodeBlock = blockOf(node);
    // Runs end where a block starts or ends (a block's text would be a node of another block in
    // between); text split by a <br> still reads as one number.
    if (nodeBlock !== block) flush();
    block = nodeBlock;
    run.push(node);
  }
  flush();
}

/** Swaps every number under `root`. */
export function swapTree(root: Node, ctx: SwapContext): void {
  if (root.nodeType === 3) {
    const block = blockOf(root);
    if (block) swapTree(block, ctx);
    return;
  }
  swapText(root, ctx);
  if ('querySelectorAll' in root) swapAttributes(root as ParentNode, ctx);
}

/**
 * Swaps what the page adds or changes later (popups, single-page apps, lazy blocks), looking only
 * at what changed. Runs before the browser paints, so the old number never shows.
 */
export function watch(ctx: () => SwapContext | null, changed: () => void): MutationObserver {
  const observer = new MutationObserver((records) => {
    try {
      changed();
      const current = ctx();
      if (!current) return;
      const roots = new Set<Node>();
      for (const record of records) {
        if (record.type === 'attributes') {
          swapElementAttributes(record.target as Element, current);
          continue;
        }
        if (record.type === 'characterData') {
          roots.add(record.target);
          continue;
        }
        for (const added of record.addedNodes) {
          // A block brings its own lines; inline content may complete a number its neighbours began.
          const root =
            added.nodeType === 1 && !inline.has((added as Element).tagName) ? added : blockOf(added);
          if (root) roots.add(root);
        }
      }
      for (const root of roots) {
        if (![...roots].some((other) => other !== root && other.contains(root))) swapTree(root, current);
      }
      // What the swap itself just changed needs no second look.
      observer.takeRecords();
    } catch (error) {
      if (ctx()?.debug) log(error);
    }
  });
  return observer;
}
