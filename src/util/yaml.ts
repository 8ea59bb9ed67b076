// YAML with positions, one way for every file ajar reads: ajar.yaml (config) and front matter (load).
// Every value and key can be located by its path, so a diagnostic points at the real line and column.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { Point, Position } from '../core/model/course.js';

export type YamlPath = readonly (string | number)[];

export interface PositionedYaml {
  readonly doc: Document;
  /** Line and column (1-based) of an offset in the text. */
  point(offset: number): Point;
  /** Where a YAML error is. */
  errorPosition(error: YAMLError): Position;
  /**
   * Where the value at `path` is (with `key`, the key itself); a path that is not there gives the
   * nearest value on the way to it, so a diagnostic about a missing key points at its parent.
   */
  locate(path: YamlPath, key?: boolean): Position | undefined;
}

export function parseYaml(text: string, options: { uniqueKeys?: boolean } = {}): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: options.uniqueKeys ?? true });
  const point = (offset: number): Point => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const range = (node: unknown): Position | undefined => {
    const r = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
    return r ? { start: point(r[0]), end: point(r[1]) } : undefined;
  };
  const locate = (path: YamlPath, key = false): Position | undefined => {
    let node: unknown = doc.contents;
    let last = range(node);
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return last;
        if (key && i === path.length - 1) return range(pair.key as Node) ?? last;
        node = pair.value;
        last = range(node) ?? range(pair.key as Node) ?? last;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        last = range(node) ?? last;
      } else {
        return last;
      }
    }
    return last;
  };
  return { doc, point, errorPosition: (e) => ({ start: point(e.pos[0]), end: point(e.pos[1]) }), locate };
}
