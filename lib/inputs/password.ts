import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 12;

/** A new password: long enough to resist guessing; no composition rules (NIST SP 800-63B). */
export const PasswordInput = z.string().min(MIN_PASSWORD_LENGTH, 'passwordTooShort').max(256, 'passwordTooLong');
