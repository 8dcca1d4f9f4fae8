/**
 * `--help` (or `-h`) on every command of package.json: prints what the command does and its options, and exits 0
 * before the command touches anything (database, build, network).
 */
export function helpRequested(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** Prints `lines` and exits 0 when --help or -h is among the arguments; otherwise does nothing. */
export function exitOnHelp(lines: readonly string[], argv: readonly string[] = process.argv.slice(2)): void {
  if (!helpRequested(argv)) return;
  console.log(lines.join('\n'));
  process.exit(0);
}
