#!/usr/bin/env node
import { loadLocalCognitoConfig, type LocalCognitoConfig } from './local-cognito.config';
import type { RunningLocalCognito } from './local-cognito.server';
import { ConfigError } from './support/config-error';
import { FileOffsetClock } from './support/clock-file';
import type { StoredSigningKey } from './keys/signing-keys.store';
import { localCognitoStateDir } from './support/state-files';
import { askHiddenOnTerminal } from './cli/ask-hidden';
import { parseTokensArgs, runTokensCommand, TOKENS_USAGE } from './cli/tokens-command';

/**
 * `local-cognito [rotate-keys | remove-old-keys | messages | check-config | tokens USERNAME …]`
 * (`node dist/cli.js`, or `npm run local-cognito -- …` in Photos). Without a command it serves the
 * local Cognito until SIGINT/SIGTERM, or until the process that started it with an IPC channel
 * (Photos' `npm start`) goes away.
 */
const USAGE = `Usage: local-cognito [rotate-keys | remove-old-keys | messages | check-config]\n       ${TOKENS_USAGE.slice('Usage: '.length)}`;

/** What a parent process that started it with an IPC channel is sent once it listens. */
export interface LocalCognitoReadyMessage {
  type: 'local-cognito-ready';
  origin: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  apiClientId?: string;
  /** The first seeded user, for the parent's banner (a local demo password, nothing else). */
  demoUser?: { username: string; password: string };
}

/** `check-config`'s one line of JSON: the settings' problems (`NAME: problem`), or the port. */
export type CheckConfigAnswer = { problems: string[] } | { port: number };

export function checkConfig(env: NodeJS.ProcessEnv): CheckConfigAnswer {
  try {
    return { port: loadLocalCognitoConfig(env).port };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

type Print = (line: string) => void;

function describeKeys(keys: StoredSigningKey[]): string[] {
  return keys.map((key) => `  ${key.token_use.padEnd(6)} kid ${key.kid}`);
}

/** Where it runs and how to sign in. Prints the demo password and the local client secret only. */
export function banner(running: RunningLocalCognito): string[] {
  const { config, origin, issuer } = running;
  const [demo] = config.users;
  const signUp = new URL('/signup', origin);
  signUp.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    scope: 'openid email profile',
    redirect_uri: config.callbackUrls[0],
  }).toString();
  return [
    'Local Cognito (offline Amazon Cognito hosted UI) is running.',
    `  Hosted UI (COGNITO_DOMAIN): ${origin}`,
    `  Issuer:                     ${issuer}`,
    `  Discovery:                  ${issuer}/.well-known/openid-configuration`,
    `  App client id:              ${config.clientId}`,
    `  App client secret:          ${config.clientSecret || '(none: public client)'}`,
    `  Callback URLs:              ${config.callbackUrls.join(', ')}`,
    `  Sign-out URLs:              ${config.logoutUrls.join(', ') || '(none)'}`,
    config.apiClient
      ? `  API client (public):        ${config.apiClient.clientId} → ${config.apiClient.callbackUrls.join(', ')}`
      : '  API client (public):        (none)',
    demo
      ? `  Demo user:                  ${demo.username} / ${demo.password}`
      : '  Demo user:                  (none seeded)',
    `  Sign up:                    ${signUp.toString()}`,
    `  Cognito API (SDK, CLI):     aws --endpoint-url ${origin} cognito-idp list-user-pools --max-results 10`,
    '  Mails not sent (codes):     npm run local-cognito -- messages',
    `  State:                      ${localCognitoStateDir(config.dataDir)}`,
    'Sign in through the app; tokens for scripts: npm run local-cognito -- tokens USERNAME. Ctrl+C stops.',
  ];
}

function readyMessage(running: RunningLocalCognito): LocalCognitoReadyMessage {
  const [demo] = running.config.users;
  return {
    type: 'local-cognito-ready',
    origin: running.origin,
    issuer: running.issuer,
    clientId: running.config.clientId,
    clientSecret: running.config.clientSecret,
    apiClientId: running.config.apiClient?.clientId,
    demoUser: demo && { username: demo.username, password: demo.password },
  };
}

async function serve(
  config: LocalCognitoConfig,
  env: NodeJS.ProcessEnv,
  print: Print,
): Promise<void> {
  // Loaded here, not at the top: the other commands (check-config above all) start in a moment.
  const { startLocalCognito } = await import('./local-cognito.server');
  const clockFile = env.LOCAL_COGNITO_CLOCK_OFFSET_FILE?.trim();
  const running = await startLocalCognito(
    config,
    clockFile ? { clock: new FileOffsetClock(clockFile) } : {},
  );
  banner(running).forEach((line) => print(line));
  if (clockFile) print(`  Clock (tests only):         system clock + the offset in ${clockFile}`);
  process.send?.(readyMessage(running));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // The parent that started it (npm start) is gone, however it ended: stop with it.
    if (process.send) process.once('disconnect', stop);
  });
  await running.close();
  print('Local Cognito stopped.');
  if (process.connected) process.disconnect(); // an open IPC channel would keep it running
}

/** Runs one CLI command; returns the process exit code. */
export async function runLocalCognitoCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  print: Print = (line) => console.log(line),
  printError: Print = (line) => console.error(line),
  askPassword: (prompt: string) => Promise<string | undefined> = askHiddenOnTerminal,
): Promise<number> {
  const [command, ...extra] = args;
  if (command === 'tokens') {
    const options = parseTokensArgs(extra);
    if (!options) {
      printError(TOKENS_USAGE);
      return 2;
    }
    return runTokensCommand(options, loadLocalCognitoConfig(env), env, {
      print,
      printError,
      askPassword,
    });
  }
  if (
    extra.length > 0 ||
    (command !== undefined &&
      !['rotate-keys', 'remove-old-keys', 'messages', 'check-config'].includes(command))
  ) {
    print(USAGE);
    return 2;
  }
  if (command === 'check-config') {
    print(JSON.stringify(checkConfig(env)));
    return 0;
  }
  const config = loadLocalCognitoConfig(env);
  if (command === 'messages') {
    // Development only: the invitations and codes Cognito would have mailed (api/outbox.ts).
    const { outboxPath, readOutbox } = await import('./api/outbox');
    const messages = await readOutbox(outboxPath(config.dataDir));
    if (messages.length === 0) print('No messages: nothing would have been mailed yet.');
    for (const m of messages) print(`${m.at}  ${m.poolId}  ${m.username}  ${m.kind}: ${m.secret}`);
    return 0;
  }
  // Loaded by the commands that use them, like the server: check-config, run at every npm start
  // of Photos, then loads little more than the settings' parser.
  const { SigningKeysFile } = await import('./keys/signing-keys.store');
  const keysFile = new SigningKeysFile(localCognitoStateDir(config.dataDir));
  if (command === 'rotate-keys') {
    const added = await keysFile.rotate();
    print(`Added signing keys in ${keysFile.path}:`);
    describeKeys(added).forEach((line) => print(line));
    print(
      'New tokens are signed with them once the local Cognito restarts; old keys stay in the JWKS.',
    );
    return 0;
  }
  if (command === 'remove-old-keys') {
    const removed = await keysFile.removeOld();
    print(
      removed.length === 0 ? 'No old signing keys to remove.' : `Removed from ${keysFile.path}:`,
    );
    describeKeys(removed).forEach((line) => print(line));
    if (removed.length > 0)
      print('Tokens signed with them stop verifying once the local Cognito restarts.');
    return 0;
  }
  await serve(config, env, print);
  return 0;
}

if (require.main === module) {
  runLocalCognitoCli(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
