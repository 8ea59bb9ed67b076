// The text of an XML file as its bytes say: the byte order mark first, then the XML declaration's encoding
// (XML 1.0 appendix F), so a manifest saved as UTF-16 (with or without BOM), ISO-8859-1 or Windows-1252 reads
// as its author wrote it (`café.html`, not `caf�.html`). The text handed on is declared UTF-8, which is what
// saxes and both xmllint engines then receive, so native and wasm xmllint read the same characters.

export type EncodingProblem = 'unknown-encoding' | 'invalid-bytes';

export interface DecodedXml {
  readonly text: string;
  /** The encoding the bytes were read as (a WHATWG label, e.g. utf-8, utf-16le, windows-1252). */
  readonly encoding: string;
  /** The encoding the file names (BOM or declaration), as written. */
  readonly declared?: string;
  readonly problem?: EncodingProblem;
}

const DECLARATION = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;

function byteOrder(bytes: Uint8Array): { encoding: string; skip: number } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  // No BOM: "<?" in UTF-16 is 00 3C 00 3F (big-endian) or 3C 00 3F 00 (little-endian).
  if (a === 0x00 && b === 0x3c && c === 0x00 && d === 0x3f) return { encoding: 'utf-16be', skip: 0 };
  if (a === 0x3c && b === 0x00 && c === 0x3f && d === 0x00) return { encoding: 'utf-16le', skip: 0 };
  return undefined;
}

function decoder(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
}

export function decodeXml(bytes: Uint8Array): DecodedXml {
  const bom = byteOrder(bytes);
  const body = bom ? bytes.subarray(bom.skip) : bytes;
  let encoding = bom?.encoding ?? 'utf-8';
  let declared: string | undefined;
  let problem: EncodingProblem | undefined;
  if (!bom) {
    // The declaration is ASCII in every ASCII-compatible encoding: read it as latin1, then decode by it.
    declared = DECLARATION.exec(Buffer.from(body.subarray(0, 256)).toString('latin1'))?.[2];
    if (declared) {
      const label = /^utf-?16$/i.test(declared) ? 'utf-8' : declared; // "UTF-16" without a BOM or 00 bytes is not UTF-16
      if (decoder(label)) encoding = decoder(label)!.encoding;
      else problem = 'unknown-encoding';
    }
  } else declared = DECLARATION.exec(new TextDecoder(bom.encoding).decode(body.subarray(0, 512)))?.[2] ?? bom.encoding;
  let text: string;
  try {
    text = decoder(encoding)!.decode(body);
  } catch {
    problem ??= 'invalid-bytes';
    text = new TextDecoder(encoding).decode(body);
  }
  text = text.replace(/^\uFEFF/, '').replace(DECLARATION, (m, q: string, name: string) => m.slice(0, m.length - name.length - 1) + 'UTF-8' + q);
  return { text, encoding, ...(declared ? { declared } : {}), ...(problem ? { problem } : {}) };
}
