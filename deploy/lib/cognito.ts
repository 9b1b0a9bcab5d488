import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { type CognitoResources } from '../../src/provision/cognito-resources';

/**
 * The user pool, app client and domain of cognito-resources.ts (the description `npm run
 * provision` uses too), as CDK constructs.
 */
export class PhotosCognito extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, resources: CognitoResources) {
    super(scope, id);
    const pool = resources.userPool;
    const policy = pool.passwordPolicy;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: pool.name,
      signInAliases: Object.fromEntries(pool.signInAliases.map((alias) => [alias, true])),
      standardAttributes: Object.fromEntries(
        pool.requiredAttributes.map((name) => [name, { required: true, mutable: true }]),
      ),
      autoVerify: Object.fromEntries(pool.autoVerifiedAttributes.map((name) => [name, true])),
      selfSignUpEnabled: pool.selfSignUpEnabled,
      passwordPolicy: {
        minLength: policy.minimumLength,
        requireLowercase: policy.requireLowercase,
        requireUppercase: policy.requireUppercase,
        requireDigits: policy.requireNumbers,
        requireSymbols: policy.requireSymbols,
        tempPasswordValidity: Duration.days(policy.temporaryPasswordValidityDays),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: pool.deletionProtection,
      // The accounts outlive the stack: deleting it leaves the pool for a deliberate hand to remove.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [key, value] of Object.entries(pool.tags)) Tags.of(this.userPool).add(key, value);

    const client = resources.appClient;
    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: client.name,
      generateSecret: client.generateSecret,
      oAuth: {
        flows: { authorizationCodeGrant: client.oauthFlows.includes('code') },
        scopes: client.oauthScopes.map((scope) => cognito.OAuthScope.custom(scope)),
        callbackUrls: client.callbackUrls,
        logoutUrls: client.logoutUrls,
      },
      supportedIdentityProviders: client.identityProviders.map((name) =>
        cognito.UserPoolClientIdentityProvider.custom(name),
      ),
      preventUserExistenceErrors: client.preventUserExistenceErrors,
      enableTokenRevocation: client.enableTokenRevocation,
      accessTokenValidity: Duration.minutes(client.tokenValidity.accessTokenMinutes),
      idTokenValidity: Duration.minutes(client.tokenValidity.idTokenMinutes),
      refreshTokenValidity: Duration.minutes(client.tokenValidity.refreshTokenMinutes),
    });
    // The CDK adds flows of its own choosing when given none; the description names them exactly.
    const cfnClient = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    cfnClient.explicitAuthFlows = [...client.explicitAuthFlows];

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: resources.domain.prefix },
    });
  }
}
