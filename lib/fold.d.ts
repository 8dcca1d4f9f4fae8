/** Types of lib/fold.js (plain CommonJS so that server.js can require it). */
export function foldText(input: string): string;
export function tokens(input: string): string[];
export function withoutArabicArticle(token: string): string | null;
