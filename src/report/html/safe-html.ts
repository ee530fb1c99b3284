import escapeHtml from 'escape-html';

/** Markup that is already safe (built by `html` below); anything else is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  // escape-html covers & < > " ' so a value is safe in text and in quoted attributes alike
  return escapeHtml(String(part));
}

/**
 * Tagged template for markup: every interpolated value is HTML-escaped unless it is SafeHtml,
 * so interview text can never become markup, whichever page or attribute it lands in.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => { out += render(v) + strings[i + 1]!; });
  return new SafeHtml(out);
}

/** Trusted constant markup (CSS, inline script written in this repository). */
export function raw(value: string): SafeHtml {
  return new SafeHtml(value);
}
