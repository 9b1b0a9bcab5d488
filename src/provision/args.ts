import { parseArgs } from 'node:util';
import { baseUrlProblem, domainPrefixProblem } from './cognito-resources';

export interface ProvisionArgs {
  baseUrl: string;
  domainPrefix: string;
  endpoint?: string;
  region?: string;
  user?: { username: string; email: string };
  writeEnv?: string;
  dryRun: boolean;
}

export const USAGE = `Usage: npm run provision -- --base-url URL --domain-prefix NAME [options]

Creates or updates the Cognito user pool, app client and domain for one deployment of Photos, then
prints its COGNITO_* settings as KEY=value lines.

  --base-url URL        the app's public origin (BASE_URL), e.g. https://photos.example.com
  --domain-prefix NAME  the hosted UI's domain: NAME.auth.REGION.amazoncognito.com
  --endpoint URL        a Cognito API other than AWS's (the local Cognito, e.g. http://localhost:9400)
  --region REGION       the AWS region (default: the SDK's, from AWS_REGION or the AWS config)
  --user NAME --email E also create this first user, with a temporary password printed once
  --write-env PATH      write the settings into this env file (mode 0600, other keys kept)
  --dry-run             print what would change, change nothing`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Parses and checks the command line; every problem is a UsageError naming the option. */
export function parseProvisionArgs(argv: string[]): ProvisionArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string' },
        'domain-prefix': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        user: { type: 'string' },
        email: { type: 'string' },
        'write-env': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) throw new UsageError('');
  const problems: string[] = [];
  const baseUrl = values['base-url'];
  const prefix = values['domain-prefix'];
  if (!baseUrl) problems.push('--base-url is required');
  else {
    const problem = baseUrlProblem(baseUrl);
    if (problem) problems.push(`--base-url ${problem}`);
  }
  if (!prefix) problems.push('--domain-prefix is required');
  else {
    const problem = domainPrefixProblem(prefix);
    if (problem) problems.push(`--domain-prefix ${problem}`);
  }
  if (values.endpoint && baseUrlProblem(values.endpoint)) {
    problems.push('--endpoint must be an http(s) origin, e.g. http://localhost:9400');
  }
  if (Boolean(values.user) !== Boolean(values.email)) {
    problems.push('--user and --email go together');
  } else if (values.email && !EMAIL.test(values.email)) {
    problems.push('--email must be an email address');
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return {
    baseUrl: new URL(baseUrl!).origin,
    domainPrefix: prefix!,
    endpoint: values.endpoint ? new URL(values.endpoint).origin : undefined,
    region: values.region,
    user: values.user ? { username: values.user, email: values.email! } : undefined,
    writeEnv: values['write-env'],
    dryRun: values['dry-run'],
  };
}
