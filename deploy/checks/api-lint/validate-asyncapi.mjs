// Validates AsyncAPI documents with the AsyncAPI parser (its schema and its Spectral rules, as `asyncapi validate`
// does): prints every diagnostic as "file: severity path: message", exits 1 when any is an error.
import { readFile } from 'node:fs/promises';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const parser = new Parser();
let errors = 0;
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await parser.parse(await readFile(file, 'utf8'), { source: file });
  for (const d of diagnostics) {
    const severity = DiagnosticSeverity[d.severity] ?? d.severity;
    if (d.severity === DiagnosticSeverity.Error) errors++;
    console.log(`${file}: ${severity} ${d.code} ${(d.path ?? []).join('.')}: ${d.message}`);
  }
  console.log(`${file}: ${document ? 'parsed' : 'NOT parsed'}, ${diagnostics.length} diagnostic(s)`);
  if (!document) errors++;
}
process.exit(errors > 0 ? 1 : 0);
