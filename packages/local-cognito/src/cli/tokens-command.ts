import type { LocalCognitoConfig } from '../local-cognito.config';
import { readLiveRunningRecord, type RunningRecord } from '../running-record';
import { signInForTokens, TokenSignInError } from './sign-in-for-tokens';

export const TOKENS_USAGE =
  'Usage: local-cognito tokens USERNAME [--password PASSWORD] [--json] [--scope "openid email profile"]';

export interface TokensOptions {
  username: string;
  password?: string;
  json: boolean;
  scope: string;
}

export interface CliIo {
  /** Standard output: only the token (or the JSON), so `$(…)` captures exactly that. */
  print: (line: string) => void;
  /** Standard error: prompts, notes and refusals. */
  printError: (line: string) => void;
  /** Reads a password without echoing it; undefined when there is no terminal to ask on. */
  askPassword?: (prompt: string) => Promise<string | undefined>;
}

/** `tokens USERNAME [--password P] [--json] [--scope S]`; undefined when the arguments are wrong. */
export function parseTokensArgs(args: string[]): TokensOptions | undefined {
  const options: Partial<TokensOptions> = { json: false, scope: 'openid email profile' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') options.json = true;
    else if ((arg === '--password' || arg === '--scope') && i + 1 < args.length)
      options[arg === '--password' ? 'password' : 'scope'] = args[++i];
    else if (!arg.startsWith('-') && options.username === undefined) options.username = arg;
    else return undefined;
  }
  return options.username ? (options as TokensOptions) : undefined;
}

/**
 * The password, from where a script or person gives it: --password, LOCAL_COGNITO_PASSWORD, the
 * seeded user's own password (LOCAL_COGNITO_USERS, which this same configuration created), or a
 * prompt on the terminal.
 */
async function passwordFor(
  options: TokensOptions,
  config: LocalCognitoConfig,
  env: NodeJS.ProcessEnv,
  io: CliIo,
): Promise<string | undefined> {
  if (options.password !== undefined) return options.password;
  if (env.LOCAL_COGNITO_PASSWORD) return env.LOCAL_COGNITO_PASSWORD;
  const seeded = config.users.find((user) => user.username === options.username);
  if (seeded) return seeded.password;
  return io.askPassword?.(`Password for ${options.username}: `);
}

/**
 * Prints tokens of a local Cognito user for scripts, got as an API client gets them (the code
 * flow with PKCE against the running local Cognito, as the public API client): the access token
 * alone, or with --json the whole token response (ID and refresh tokens too). Returns the exit code.
 */
export async function runTokensCommand(
  options: TokensOptions,
  config: LocalCognitoConfig,
  env: NodeJS.ProcessEnv,
  io: CliIo,
): Promise<number> {
  if (!config.apiClient) {
    io.printError('The local Cognito has no API client (LOCAL_COGNITO_API_CLIENT_ID).');
    return 1;
  }
  const password = await passwordFor(options, config, env, io);
  if (password === undefined) {
    io.printError(
      `No password for ${options.username}: pass --password, set LOCAL_COGNITO_PASSWORD, or run it in a terminal to be asked.`,
    );
    return 2;
  }
  const target = whereToSignIn(config, env, await readLiveRunningRecord(config.dataDir));
  try {
    const tokens = await signInForTokens({
      ...target,
      username: options.username,
      password,
      scope: options.scope,
    });
    io.print(options.json ? JSON.stringify(tokens, null, 2) : tokens.access_token);
    return 0;
  } catch (error) {
    if (!(error instanceof TokenSignInError)) throw error;
    io.printError(error.message);
    return 1;
  }
}

/** Set and not blank, as loadLocalCognitoConfig counts a variable. */
const given = (env: NodeJS.ProcessEnv, ...names: string[]) =>
  names.some((name) => (env[name]?.trim() ?? '') !== '');

/**
 * Which local Cognito to sign in at, and as which API client and callback: what the variables
 * say (LOCAL_COGNITO_PORT; PORT or BASE_URL, from which the callback is derived), else what the
 * local Cognito running for this DATA_DIR recorded (started with other ports in another shell),
 * else the defaults. A record of another port than the one named is another local Cognito's.
 */
export function whereToSignIn(
  config: LocalCognitoConfig,
  env: NodeJS.ProcessEnv,
  running: RunningRecord | undefined,
): { origin: string; clientId: string; redirectUri: string } {
  const configured = {
    origin: `http://localhost:${config.port}`,
    clientId: config.apiClient!.clientId,
    redirectUri: config.apiClient!.callbackUrls[0],
  };
  const namedPort = given(env, 'LOCAL_COGNITO_PORT');
  const record =
    running && (!namedPort || new URL(running.origin).port === String(config.port))
      ? running
      : undefined;
  if (!record) return configured;
  const recorded = record.apiClient;
  return {
    origin: record.origin,
    clientId:
      recorded && !given(env, 'LOCAL_COGNITO_API_CLIENT_ID')
        ? recorded.clientId
        : configured.clientId,
    redirectUri:
      recorded && !given(env, 'LOCAL_COGNITO_API_CALLBACK_URLS', 'PORT', 'BASE_URL')
        ? recorded.callbackUrl
        : configured.redirectUri,
  };
}
