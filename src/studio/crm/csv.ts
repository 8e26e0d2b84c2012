/** One record of a CSV file: its fields and the line it starts on (1 = the header). */
export interface CsvRecord { line: number; fields: string[]; error?: string }

/** Most fields one record may have, and most characters in one field: a bound on hostile files. */
export const MAX_FIELDS = 500;
export const MAX_FIELD_CHARS = 100_000;

/**
 * RFC 4180 CSV as CRMs export it: an optional UTF-8 BOM, CRLF, LF or CR line ends, quoted fields
 * with `""` for a quote and line breaks inside quotes, a last line with or without its end. A
 * record that breaks the format (a quote inside an unquoted field, text after a closing quote, an
 * unterminated quote, too many or too long fields) comes back with `error` and the parse goes on
 * at the next line, so one bad row never hides the rest of the file.
 * @example
 * parseCsv('\uFEFFName,Amount\r\n"Acme, Inc",1200\r\n') // [{line:1,fields:['Name','Amount']},{line:2,fields:['Acme, Inc','1200']}]
 */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const n = s.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let error: string | undefined;
    let field = '';
    let done = false;
    while (!done) {
      if (i < n && s[i] === '"') {
        // quoted field
        i++;
        let closed = false;
        while (i < n) {
          const ch = s[i]!;
          if (ch === '"') {
            if (s[i + 1] === '"') { field += '"'; i += 2; continue; }
            i++; closed = true; break;
          }
          if (ch === '\n' || (ch === '\r' && s[i + 1] !== '\n')) line++;
          field += ch;
          i++;
        }
        if (!closed) { error = `unterminated quote (opened on line ${start})`; }
        else if (i < n && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') error ??= `text after a closing quote in field ${fields.length + 1}`;
      }
      // unquoted (or the rest after a bad closing quote): up to the next comma or line end
      while (i < n && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
        if (s[i] === '"' && !error) error = `a quote inside unquoted field ${fields.length + 1} (quote the field and double the quote)`;
        field += s[i];
        i++;
      }
      if (field.length > MAX_FIELD_CHARS && !error) error = `field ${fields.length + 1} is longer than ${MAX_FIELD_CHARS} characters`;
      fields.push(field.length > MAX_FIELD_CHARS ? field.slice(0, 100) : field);
      field = '';
      if (fields.length > MAX_FIELDS && !error) error = `more than ${MAX_FIELDS} fields`;
      if (i >= n) { done = true; break; }
      if (s[i] === ',') { i++; continue; }
      // line end
      if (s[i] === '\r' && s[i + 1] === '\n') i += 2; else i++;
      line++;
      done = true;
    }
    const blank = fields.length === 1 && fields[0] === '' && !error;
    if (!blank) out.push({ line: start, fields: fields.length > MAX_FIELDS ? fields.slice(0, MAX_FIELDS) : fields, ...(error ? { error } : {}) });
  }
  return out;
}

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
export const csvField = (v: string): string => (/[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

/** Records back to CSV text (CRLF), for the CLI's chunks and the exports. */
export const toCsv = (rows: readonly (readonly string[])[]): string => rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
