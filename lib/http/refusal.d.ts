import type en from '../../messages/en/limits.json';

export type Problem = keyof typeof en;
export function refusal(
  pathname: string,
  status: number,
  problem: Problem,
  values?: Record<string, string | number>,
  options?: { json?: boolean },
): { status: number; headers: Record<string, string>; body: string };
