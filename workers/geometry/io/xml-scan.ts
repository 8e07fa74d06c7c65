// A small tolerant XML scanner for KML and GPX (no DOMParser in workers): finds elements by local name,
// ignoring namespace prefixes, comments and CDATA wrappers; reads attributes and text. Not a validator.

export interface XmlElement {
  /** Attribute text of the opening tag. */
  attrs: string;
  /** Everything between the opening and closing tag ('' for a self-closing tag). */
  inner: string;
  /** Offset of the opening tag, and of `inner`, in the scanned text. */
  offset: number;
  innerOffset: number;
}

/** Removes comments and unwraps CDATA sections. */
export function cleanXml(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, body: string) => escapeText(body));
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** All elements named `localName` (any prefix), outermost first; nested same-name elements are not split. */
export function findElements(text: string, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  const open = new RegExp(`<(?:[\\w.-]+:)?${localName}(?=[\\s/>])([^>]*?)(/?)>`, 'gi');
  const close = new RegExp(`</(?:[\\w.-]+:)?${localName}\\s*>`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = open.exec(text))) {
    const start = m.index;
    const bodyStart = open.lastIndex;
    if (m[2] === '/') {
      out.push({ attrs: m[1], inner: '', offset: start, innerOffset: bodyStart });
      continue;
    }
    close.lastIndex = bodyStart;
    const c = close.exec(text);
    const end = c ? c.index : text.length;
    out.push({ attrs: m[1], inner: text.slice(bodyStart, end), offset: start, innerOffset: bodyStart });
    open.lastIndex = c ? close.lastIndex : text.length;
  }
  return out;
}

export function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2]) : undefined;
}

/** Text of the first child element `localName`, entities decoded and trimmed. */
export function childText(inner: string, localName: string): string | undefined {
  const el = findElements(inner, localName)[0];
  return el ? decodeEntities(el.inner.replace(/<[^>]*>/g, '')).trim() : undefined;
}

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : '';
  });
}

/** 1-based line number of an offset, for error messages. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
