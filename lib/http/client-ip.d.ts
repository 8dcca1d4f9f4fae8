export function clientIp(headers: Record<string, string | string[] | undefined>, socketAddress?: string): string;
