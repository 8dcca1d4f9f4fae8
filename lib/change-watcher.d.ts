/** Types of lib/change-watcher.js (plain CommonJS so that server.js can require it without a bundler). */
export type Changes = { all: true } | { all: false; scopes: string[] };

export class ChangeWatcher {
  constructor(file: string);
  /** The data's version and the file's epoch as of the last poll. */
  readonly version: number;
  readonly epoch: string;
  poll(): Changes | null;
  scopeVersion(scope: string): number;
  validator(): string;
  close(): void;
}
