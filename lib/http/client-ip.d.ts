type Headers = Record<string, string | string[] | undefined>;
export const CLIENT_ADDRESS_HEADER: string;
export function clientIp(headers: Headers, socketAddress: string | undefined, trustedHops?: number): string;
export function clientIpFromHeaders(headers: Headers, trustedHops: number): string;
export function parseTrustProxy(raw: string | undefined): { ok: true; hops: number } | { ok: false; message: string };
export function trustClientAddressHeader(): void;
