import { z } from 'zod';

/** Environment, validated once at start-up; every variable is documented in .env.example. */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).default('./data/registry.db'),
  PUBLIC_BASE_URL: z.url({ message: 'PUBLIC_BASE_URL must be an absolute URL such as https://registry.example.org' }).default('http://localhost:3000'),
  DATA_LICENCE: z.string().min(1).default('CC BY 4.0'),
  DATA_LICENCE_URL: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
  MAP_TILE_URL: z.string().min(1).default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: z.string().min(1).default('© OpenStreetMap contributors'),
});
export type Config = z.infer<typeof Env>;

let cached: Config | undefined;

/** The validated configuration; throws a message naming each bad variable. */
export function config(): Config {
  if (cached) return cached;
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
