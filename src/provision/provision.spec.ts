import {
  CognitoIdentityProviderClient,
  DescribeUserPoolDomainCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { provision } from './provision';

/**
 * A dry run against an empty Cognito, at the SDK client's edge: `send` answers the two reads an
 * empty Cognito gets (no pools, no domain) and records every command; anything else is a write.
 * The e2e suite (test/provision) does the same against the local Cognito's API.
 */
function emptyCognito() {
  const sent: string[] = [];
  const send = (command: object): Promise<unknown> => {
    sent.push(command.constructor.name);
    if (command instanceof ListUserPoolsCommand) return Promise.resolve({ UserPools: [] });
    if (command instanceof DescribeUserPoolDomainCommand) {
      return Promise.resolve({ DomainDescription: {} });
    }
    return Promise.reject(new Error(`unexpected ${command.constructor.name}`));
  };
  const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
  Object.assign(client, { send });
  return { client, sent };
}

describe('provision --dry-run', () => {
  it('prints the whole plan and sends no write', async () => {
    const { client, sent } = emptyCognito();
    const lines: string[] = [];
    const outcome = await provision(
      client,
      {
        baseUrl: 'https://photos.example.com',
        domainPrefix: 'photos-example',
        user: { username: 'alice', email: 'alice@example.com' },
        dryRun: true,
      },
      (line) => lines.push(line),
    );
    expect(sent).toEqual(['ListUserPoolsCommand', 'DescribeUserPoolDomainCommand']);
    expect(outcome.settings).toBeUndefined();
    expect(lines).toEqual([
      'would create user pool photos-photos-example',
      'would create app client photos-web (with a secret; callback https://photos.example.com/callback)',
      'would create domain photos-example',
      'would create user alice <alice@example.com> with a temporary password',
      'Dry run: nothing was changed.',
    ]);
  });
});
