import { afterEach, describe, expect, it } from 'vitest';
import {
  afterClientFailure,
  afterPairFailure,
  pairForgotten,
  pairWaitMs,
  parsePairKey,
  pairKey,
  secondsUntil,
  throttlePolicy,
  type ThrottleState,
} from '@/lib/sign-in-throttle';
import { clientIp, parseTrustProxy } from '@/lib/http/client-ip';
import { config, resetConfig } from '@/lib/config';

const policy = throttlePolicy({ LOGIN_MAX_FAILURES: 5, LOGIN_IP_MAX_FAILURES: 20, LOGIN_LOCK_MINUTES: 15 });
const at = (seconds: number) => new Date(Date.parse('2026-03-01T08:00:00Z') + seconds * 1000);

describe('the delay policy of an account and address', () => {
  it('is free for the first failures, then doubles from 1 s up to LOGIN_LOCK_MINUTES', () => {
    const waits = Array.from({ length: 18 }, (_, i) => pairWaitMs(i + 1, policy) / 1000);
    expect(waits).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]);
    expect(pairWaitMs(1e9, policy)).toBe(900_000);
  });

  it('keeps the wait from the last failure, and the first failure remembered', () => {
    let state: ThrottleState | null = null;
    for (let i = 0; i < 5; i++) state = afterPairFailure(state, at(i), policy);
    expect(state).toEqual({ failures: 5, since: at(0).toISOString(), until: at(5).toISOString() });
    expect(secondsUntil(state!.until, at(4.2))).toBe(1);
    expect(secondsUntil(state!.until, at(5))).toBe(0);
    state = afterPairFailure(state, at(5), policy);
    expect(state).toEqual({ failures: 6, since: at(0).toISOString(), until: at(7).toISOString() });
  });

  it('forgets the failures after LOGIN_LOCK_MINUTES of quiet after the wait ended, not before', () => {
    const state = { failures: 9, since: at(0).toISOString(), until: at(100).toISOString() };
    expect(pairForgotten(state, at(100 + 899), policy)).toBe(false);
    expect(pairForgotten(state, at(100 + 900), policy)).toBe(true);
    expect(afterPairFailure(state, at(100 + 899), policy).failures).toBe(10);
    expect(afterPairFailure(state, at(100 + 900), policy)).toEqual({
      failures: 1,
      since: at(1000).toISOString(),
      until: at(1000).toISOString(),
    });
  });
});

describe('the block of an address over all accounts', () => {
  it('comes with the 20th failure within LOGIN_LOCK_MINUTES and lasts that long', () => {
    let state: ThrottleState | null = null;
    for (let i = 0; i < 19; i++) state = afterClientFailure(state, at(i * 10), policy);
    expect(state).toMatchObject({ failures: 19, until: null });
    state = afterClientFailure(state, at(190), policy);
    expect(state).toEqual({ failures: 20, since: at(0).toISOString(), until: at(190 + 900).toISOString() });
    // Once the block is over, counting starts again.
    expect(afterClientFailure(state, at(1090), policy)).toEqual({
      failures: 1,
      since: at(1090).toISOString(),
      until: null,
    });
  });

  it('does not come when the failures are spread over more than LOGIN_LOCK_MINUTES', () => {
    let state: ThrottleState | null = null;
    for (let i = 0; i < 40; i++) state = afterClientFailure(state, at(i * 60), policy);
    expect(state!.until).toBeNull();
  });
});

describe('the keys', () => {
  it('name the account and the address, and read back whatever the email contains', () => {
    expect(pairKey('a@b.test', '2001:db8::1')).toBe('account:a@b.test|client:2001:db8::1');
    expect(parsePairKey(pairKey('odd|client:x@b.test', '192.0.2.1'))).toEqual({
      email: 'odd|client:x@b.test',
      client: '192.0.2.1',
    });
    expect(parsePairKey('client:192.0.2.1')).toBeNull();
    expect(parsePairKey('account:a@b.test')).toBeNull();
  });
});

describe('the client address (TRUST_PROXY)', () => {
  const forwarded = { 'x-forwarded-for': '203.0.113.1, 198.51.100.2, 192.0.2.3', 'x-real-ip': '203.0.113.9' };

  it('is the connection’s address with no trusted proxy, whatever the headers say', () => {
    expect(clientIp(forwarded, '127.0.0.2')).toBe('127.0.0.2');
    expect(clientIp(forwarded, '127.0.0.2', 0)).toBe('127.0.0.2');
    expect(clientIp({}, '::ffff:127.0.0.3', 0)).toBe('127.0.0.3');
    expect(clientIp({}, undefined, 0)).toBe('unknown');
  });

  it('is the hop the trusted proxies vouch for: the last for 1, the one before for 2', () => {
    expect(clientIp(forwarded, '127.0.0.1', 1)).toBe('192.0.2.3');
    expect(clientIp(forwarded, '127.0.0.1', 2)).toBe('198.51.100.2');
    expect(clientIp({ 'x-forwarded-for': ['203.0.113.1', '192.0.2.3'] }, '127.0.0.1', 2)).toBe('203.0.113.1');
    // Fewer hops than proxies (a request that bypassed one): the earliest hop; none: the connection.
    expect(clientIp({ 'x-forwarded-for': '192.0.2.3' }, '127.0.0.1', 2)).toBe('192.0.2.3');
    expect(clientIp({ 'x-real-ip': '203.0.113.9' }, '127.0.0.1', 1)).toBe('127.0.0.1');
  });

  it('takes TRUST_PROXY as a whole number from 0 to 10 and says so otherwise, at start-up', () => {
    expect(parseTrustProxy(undefined)).toEqual({ ok: true, hops: 0 });
    expect(parseTrustProxy('')).toEqual({ ok: true, hops: 0 });
    expect(parseTrustProxy(' 2 ')).toEqual({ ok: true, hops: 2 });
    for (const bad of ['-1', '1.5', 'yes', 'true', '11', '0x1'])
      expect(parseTrustProxy(bad)).toMatchObject({ ok: false, message: expect.stringContaining('TRUST_PROXY') });
    process.env.TRUST_PROXY = 'loopback';
    resetConfig();
    expect(() => config()).toThrow(/TRUST_PROXY: TRUST_PROXY must be a whole number of trusted proxies from 0 to 10/);
    process.env.TRUST_PROXY = '1';
    resetConfig();
    expect(config().TRUST_PROXY).toBe(1);
  });

  afterEach(() => {
    delete process.env.TRUST_PROXY;
    resetConfig();
  });
});
