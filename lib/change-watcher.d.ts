/** Types of lib/change-watcher.js (plain CommonJS so that server.js can require it without a bundler). */
export type Changes = { all: true } | { all: false; scopes: string[] };

export class ChangeWatcher {
  constructor(file: string);
  poll(): Changes | null;
  validator(): string;
  close(): void;
}
