import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { parseProvisionArgs, type ProvisionArgs, USAGE, UsageError } from './args';
import { writeEnvFile } from './env-file';
import { provision } from './provision';
import { settingsLines } from './settings';

/** The region an emulator is asked in when nothing names one (the local Cognito's own). */
const EMULATOR_REGION = 'us-local-1';

/**
 * The SDK client: AWS's default credential chain and region, or, with --endpoint, the given
 * Cognito API. An emulator accepts any signature, so it gets placeholder keys when the
 * environment has none (the default chain would otherwise fail before sending anything).
 */
export function cognitoClient(args: ProvisionArgs): CognitoIdentityProviderClient {
  if (!args.endpoint) return new CognitoIdentityProviderClient({ region: args.region });
  const hasKeys = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY);
  return new CognitoIdentityProviderClient({
    endpoint: args.endpoint,
    region: args.region ?? process.env.AWS_REGION ?? EMULATOR_REGION,
    ...(hasKeys ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
}

/** An AWS error in one line: its name (the exception Cognito named) and message. */
export function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${name}${error.message}`.replace(/\s*\n\s*/g, ' ');
}

/**
 * Progress and the plan go to stderr, the settings alone to stdout, so `npm run -s provision --
 * … > file` captures only KEY=value lines. Exit codes: 0 done, 1 AWS or plan error, 2 bad usage.
 */
export async function main(argv: string[]): Promise<number> {
  let args: ProvisionArgs;
  try {
    args = parseProvisionArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (!error.message) {
      process.stdout.write(`${USAGE}\n`); // --help
      return 0;
    }
    process.stderr.write(`provision: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const client = cognitoClient(args);
  try {
    const report = (line: string) => process.stderr.write(`${line}\n`);
    const outcome = await provision(client, args, report);
    if (outcome.temporaryPassword) {
      report(
        `Temporary password for ${args.user!.username} (shown this once; a new one is chosen at the first sign-in): ${outcome.temporaryPassword}`,
      );
    }
    if (!outcome.settings) return 0;
    if (args.writeEnv) {
      await writeEnvFile(args.writeEnv, outcome.settings);
      report(`Wrote the COGNITO_* settings to ${args.writeEnv} (mode 0600).`);
    } else {
      process.stdout.write(`${settingsLines(outcome.settings)}\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`provision: ${oneLine(error)}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
