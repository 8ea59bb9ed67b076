// A tiny element builder: no framework, no innerHTML except for sanitised course HTML (trusted(…)).

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Course HTML: sanitised by the loader at build time (rehype-sanitize), so it may be set as markup. */
export function trusted(html: string, tag: 'div' | 'span' = 'div', attrs: Attrs = {}): HTMLElement {
  const el = h(tag, attrs);
  el.innerHTML = html;
  return el;
}

let seq = 0;
export function uid(prefix: string): string {
  return `${prefix}-${++seq}`;
}
