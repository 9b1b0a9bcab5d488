import type { LocalCognitoConfig } from '../local-cognito.config';
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
  const apiClient = config.apiClient;
  if (!apiClient) {
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
  try {
    const tokens = await signInForTokens({
      origin: `http://localhost:${config.port}`,
      clientId: apiClient.clientId,
      redirectUri: apiClient.callbackUrls[0],
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
