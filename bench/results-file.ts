/** Shared by the hardening benchmarks: the machine they ran on, and replacing their own section of bench/RESULTS.md. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function machine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return (
    `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}; ` +
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (the machine is shared with other work)`
  );
}

/** Writes `body` between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, replacing an earlier run's section. */
export function writeSection(name: string, body: string): void {
  const file = path.join(__dirname, 'RESULTS.md');
  const section = `<!-- bench:${name}:start -->\n${body.trim()}\n<!-- bench:${name}:end -->`;
  const current = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmark results\n\nEach benchmark writes its own section; sections are independent.\n';
  const pattern = new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*?<!-- bench:${name}:end -->`);
  fs.writeFileSync(
    file,
    pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`,
  );
  console.log(`Wrote the "${name}" section of bench/RESULTS.md`);
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
