/**
 * `npm run import:whc -- FILE [--dry-run] [--encoding utf-8|windows-1252] [--allow-lossy] [--verbose|--quiet] [--help]`
 * Imports the UNESCO World Heritage Centre's list export (lib/import/whc.ts): creates or updates sites by UNESCO
 * number, writing only the fields UNESCO is the source of. Same plan, output and exit status as `npm run import`;
 * revisions name the agent "import:whc:FILE".
 */
import { runImportCli } from './import';

// --help is answered by runImportCli (the same options as npm run import, without --type).
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runImportCli(process.argv.slice(2), 'whc');
  for (const line of result.output) console.log(line);
  for (const line of result.errors) console.error(line);
  process.exit(result.status);
}
