// What a YAML parse error means, in the author's language. The `yaml` parser's messages are English
// and speak of tokens ("Unexpected map-value-ind token"); diagnostics carry its error code and the
// reporter turns the code into words. An unknown code falls back to the parser's own text.

type Data = Readonly<Record<string, string | number>>;

const problems: Record<string, { id: string; en: string }> = {
  BLOCK_AS_IMPLICIT_KEY: {
    id: 'sebuah nilai berisi “: ” tanpa tanda kutip, atau baris berikutnya menjorok padahal tidak perlu',
    en: 'a value contains “: ” without quotes, or the next line is indented where it should not be',
  },
  MULTILINE_IMPLICIT_KEY: {
    id: 'sebuah baris tidak berbentuk `kunci: nilai` (titik dua hilang, atau teks terpotong ke baris baru)',
    en: 'a line is not of the form `key: value` (a missing colon, or text broken onto a new line)',
  },
  DUPLICATE_KEY: { id: 'kunci yang sama ditulis dua kali', en: 'the same key is written twice' },
  TAB_AS_INDENT: { id: 'tab dipakai sebagai indentasi; YAML hanya menerima spasi', en: 'a tab is used for indentation; YAML accepts only spaces' },
  MISSING_CHAR: { id: 'tanda kutip atau kurung yang dibuka tidak ditutup', en: 'a quote or bracket that was opened is never closed' },
  BAD_INDENT: { id: 'indentasi tidak konsisten', en: 'the indentation is inconsistent' },
  UNEXPECTED_TOKEN: { id: 'ada teks yang tidak diharapkan di sini, biasanya karena indentasi yang tidak konsisten', en: 'unexpected text here, usually from inconsistent indentation' },
  BAD_SCALAR_START: { id: 'nilai diawali karakter khusus YAML (mis. `@`, `` ` ``, `%`); apit dengan tanda kutip', en: 'a value starts with a character YAML reserves (e.g. `@`, `` ` ``, `%`); put it in quotes' },
  CURLY_QUOTES: { id: 'tanda kutip lengkung “ ” bukan tanda kutip YAML; ganti dengan tanda kutip lurus "', en: 'curly quotes “ ” are not YAML quotes; replace them with straight quotes "' },
  NOT_A_MAPPING: { id: 'isinya bukan daftar `kunci: nilai`', en: 'it is not a list of `key: value` lines' },
};

/** The code a diagnostic carries for a parse error: curly quotes on the failing line are named first. */
export function yamlProblemCode(code: string, line: string): string {
  return /[“”‘’]/.test(line) ? 'CURLY_QUOTES' : code;
}

export const yamlProblem = {
  id: (d: Data) => problems[String(d.code)]?.id ?? String(d.detail ?? d.code ?? ''),
  en: (d: Data) => problems[String(d.code)]?.en ?? String(d.detail ?? d.code ?? ''),
};
