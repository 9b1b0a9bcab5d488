import { load, type CheerioAPI } from 'cheerio/slim';
import { decodeHTML } from 'entities';
import { parse } from 'parse5';
import { adapter } from 'parse5-htmlparser2-tree-adapter';

/**
 * Reading pages as a browser would, with cheerio over parse5 (the HTML standard's parser, as
 * cheerio's full entry point uses; that entry point also loads undici, about 2 s per test file).
 * `parsePage(html)('selector')` answers anything the helpers below do not.
 */
export function parsePage(html: string): CheerioAPI {
  return load(parse(html, { treeAdapter: adapter }));
}

export interface HtmlForm {
  action: string;
  method: string;
  enctype?: string;
  /** What submitting the form unchanged would send (cheerio's serializeArray: no files, buttons). */
  fields: Record<string, string>;
}

/** Text with HTML character references decoded, for comparing against markup as written. */
export function decodeEntities(text: string): string {
  return decodeHTML(text);
}

function formsOf($: CheerioAPI): HtmlForm[] {
  return $('form')
    .toArray()
    .map((element) => {
      const form = $(element);
      const fields: Record<string, string> = {};
      for (const { name, value } of form.serializeArray()) fields[name] = value;
      return {
        action: form.attr('action') ?? '',
        method: (form.attr('method') ?? 'get').toLowerCase(),
        enctype: form.attr('enctype'),
        fields,
      };
    });
}

/** Every form on the page, with the values its fields would submit. */
export function forms(html: string): HtmlForm[] {
  return formsOf(parsePage(html));
}

/** The first form whose action matches, or a clear failure naming what was on the page. */
export function formWithAction(html: string, action: RegExp): HtmlForm {
  const found = forms(html).find((form) => action.test(form.action));
  if (!found) throw new Error(`No form with action ${action} on page:\n${html.slice(0, 2000)}`);
  return found;
}

export function links(html: string): { href: string; text: string }[] {
  const $ = parsePage(html);
  return $('a')
    .toArray()
    .map((element) => ({ href: $(element).attr('href') ?? '', text: $(element).text().trim() }));
}

/** Visible text, roughly: script and style left out, a space between elements, whitespace folded. */
export function text(html: string): string {
  const $ = parsePage(html);
  $('script, style').remove();
  const pieces = $('*')
    .contents()
    .toArray()
    // nodeType 3: text (comments and elements carry none of their own).
    .flatMap((node) => (node.nodeType === 3 ? [node.data] : []));
  return pieces.join(' ').replace(/\s+/g, ' ').trim();
}
