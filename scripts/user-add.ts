/**
 * `npm run user:add -- --email ana@example.org --name "Ana Ruiz" --role editor`
 * Adds a curator. The password is read from a prompt that does not echo it, or from the PASSWORD environment
 * variable for scripts. It is hashed with argon2id and never printed.
 */
import { parseArgs } from 'node:util';
import { databasePath, getDb, migrateDatabase, transaction } from '../db/index';
import { getUserByEmail, insertUser } from '../db/queries/users';
import { hashPassword } from '../lib/auth/passwords';
import { UserInput } from '../lib/inputs/user';
import { userRoles } from '../lib/vocab';
import { exitOnHelp } from './help';

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) {
      reject(new Error('No terminal to ask for the password: set the PASSWORD environment variable.'));
      return;
    }
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new Error('Cancelled.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
    };
    stdin.on('data', onData);
  });
}

export async function addUserFromCli(argv: string[], env: Record<string, string | undefined>): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'contributor' } },
  });
  if (!values.email || !values.name)
    throw new Error(`Usage: npm run user:add -- --email EMAIL --name NAME --role ${userRoles.codes.join('|')}`);
  let password = env.PASSWORD;
  if (password === undefined) {
    password = await promptHidden('Password (at least 12 characters): ');
    const again = await promptHidden('Repeat the password: ');
    if (again !== password) throw new Error('The two passwords differ.');
  }
  const parsed = UserInput.safeParse({ email: values.email, name: values.name, role: values.role, password });
  if (!parsed.success) {
    const messages: Record<string, string> = {
      invalidEmail: 'not an email address',
      passwordTooShort: 'at least 12 characters',
      passwordTooLong: 'at most 256 characters',
      invalidChoice: `one of ${userRoles.codes.join(', ')}`,
      required: 'required',
    };
    // Name what the user typed: the password comes from PASSWORD or the prompt, never from a flag.
    const source = (field: string) =>
      field !== 'password' ? `--${field}` : env.PASSWORD !== undefined ? 'PASSWORD' : 'The password';
    throw new Error(
      parsed.error.issues.map((i) => `${source(String(i.path[0]))}: ${messages[i.message] ?? i.message}`).join('\n'),
    );
  }
  migrateDatabase(getDb());
  if (getUserByEmail(getDb(), parsed.data.email))
    throw new Error(`A user with the email ${parsed.data.email} already exists.`);
  const passwordHash = await hashPassword(parsed.data.password);
  const user = transaction((db) =>
    insertUser(
      db,
      { email: parsed.data.email, name: parsed.data.name, role: parsed.data.role, passwordHash },
      { agent: 'cli' },
    ),
  );
  return `Added ${user.role} ${user.email} (id ${user.id}) to ${databasePath()}.`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  exitOnHelp([
    `Usage: npm run user:add -- --email EMAIL --name NAME [--role ${userRoles.codes.join('|')}]`,
    '',
    'Adds a curator account (role contributor by default) to the database (DATABASE_URL). The password is asked for',
    'at a prompt that does not echo it, or read from the PASSWORD environment variable; it is never printed.',
  ]);
  addUserFromCli(process.argv.slice(2), process.env).then(
    (message) => console.log(message),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
