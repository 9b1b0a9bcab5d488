/** Just enough HTML reading for tests that act as a browser: forms, fields, links, text. */
export interface HtmlForm {
  action: string;
  method: string;
  enctype?: string;
  fields: Record<string, string>;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[2] ?? match[3] ?? '') : undefined;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;|&#61;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every form on the page, with the values its inputs and textareas would submit. */
export function forms(html: string): HtmlForm[] {
  const result: HtmlForm[] = [];
  const formPattern = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
  for (const match of html.matchAll(formPattern)) {
    const [, formAttributes, inner] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(input[0], 'name');
      const type = (attribute(input[0], 'type') ?? 'text').toLowerCase();
      if (name && type !== 'file' && type !== 'submit')
        fields[name] = attribute(input[0], 'value') ?? '';
    }
    for (const area of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attribute(area[0], 'name');
      if (name) fields[name] = decodeEntities(area[2]);
    }
    result.push({
      action: attribute(` ${formAttributes}`, 'action') ?? '',
      method: (attribute(` ${formAttributes}`, 'method') ?? 'get').toLowerCase(),
      enctype: attribute(` ${formAttributes}`, 'enctype'),
      fields,
    });
  }
  return result;
}

/** The first form whose action matches, or a clear failure naming what was on the page. */
export function formWithAction(html: string, action: RegExp): HtmlForm {
  const found = forms(html).find((form) => action.test(form.action));
  if (!found) throw new Error(`No form with action ${action} on page:\n${html.slice(0, 2000)}`);
  return found;
}

export function links(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)].map((m) => ({
    href: attribute(` ${m[1]}`, 'href') ?? '',
    text: decodeEntities(m[2].replace(/<[^>]+>/g, '').trim()),
  }));
}

/** Visible text, roughly: tags removed, whitespace folded. */
export function text(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
