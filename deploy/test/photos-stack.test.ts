import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS } from '../../src/config/defaults';
import { cognitoResources } from '../../src/provision/cognito-resources';
import { PhotosStack } from '../lib/photos-stack';
import { DEFAULTS, readSettings } from '../lib/settings';

/** Synthesized once, offline, with no AWS account: the context the README documents. */
function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context });
  const stack = new PhotosStack(app, 'Photos', { settings: readSettings(app.node) });
  return Template.fromStack(stack);
}

const template = synth({
  'photos:domainName': 'photos.test.example',
  'photos:domainPrefix': 'photos-test',
  'photos:certificateArn': 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
});
const described = cognitoResources('https://photos.test.example', 'photos-test');

type Resource = { Type: string; Properties: Record<string, unknown> };
const only = (type: string): [string, Resource] => {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  assert.equal(found.length, 1, `one ${type}`);
  return found[0];
};
const getAtt = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'GroupId'] });

const [databaseId] = only('AWS::RDS::DBInstance');
const [loadBalancerId, loadBalancer] = only('AWS::ElasticLoadBalancingV2::LoadBalancer');
const loadBalancerSg = (loadBalancer.Properties.SecurityGroups as { 'Fn::GetAtt': string[] }[])[0][
  'Fn::GetAtt'
][0];
const [, service] = only('AWS::ECS::Service');
const taskSg = (
  service.Properties.NetworkConfiguration as {
    AwsvpcConfiguration: { SecurityGroups: { 'Fn::GetAtt': string[] }[] };
  }
).AwsvpcConfiguration.SecurityGroups[0]['Fn::GetAtt'][0];
const databaseSg = Object.keys(template.findResources('AWS::EC2::SecurityGroup')).find((id) =>
  id.startsWith('DatabaseSecurityGroup'),
)!;

describe('the network', () => {
  it('is a VPC of its own with public, private and isolated subnets in two AZs', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });
});

describe('the database', () => {
  it('is PostgreSQL, private, encrypted, backed up, with its credentials in Secrets Manager', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
      MasterUsername: 'photos',
      MasterUserPassword: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('secretsmanager')])]),
      }),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"photos"}' }),
    });
  });

  it('lives in the isolated subnets, which have no route to the internet', () => {
    const [, group] = only('AWS::RDS::DBSubnetGroup');
    const subnets = group.Properties.SubnetIds as { Ref: string }[];
    assert.equal(subnets.length, 2);
    for (const { Ref } of subnets) assert.match(Ref, /^Vpcdata/);
    const routes = template.findResources('AWS::EC2::Route');
    for (const route of Object.values(routes) as Resource[]) {
      assert.doesNotMatch(JSON.stringify(route.Properties.RouteTableId), /Vpcdata/);
    }
  });
});

describe('the bucket', () => {
  it('blocks all public access, is encrypted and refuses anything but TLS', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
  });
});

describe('Cognito', () => {
  const pool = described.userPool;
  const client = described.appClient;

  it('has the pool of the shared description: username or email, email and nickname required', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: pool.name,
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      DeletionProtection: 'ACTIVE',
      UserPoolTags: pool.tags,
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'email', Required: true }),
        Match.objectLike({ Name: 'nickname', Required: true }),
      ]),
      Policies: {
        PasswordPolicy: {
          MinimumLength: pool.passwordPolicy.minimumLength,
          RequireLowercase: pool.passwordPolicy.requireLowercase,
          RequireUppercase: pool.passwordPolicy.requireUppercase,
          RequireNumbers: pool.passwordPolicy.requireNumbers,
          RequireSymbols: pool.passwordPolicy.requireSymbols,
          TemporaryPasswordValidityDays: pool.passwordPolicy.temporaryPasswordValidityDays,
        },
      },
    });
  });

  it('has the app client of the shared description: secret, code grant, the app URLs', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: client.name,
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayEquals(['openid', 'email', 'profile']),
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://photos.test.example/callback'],
      LogoutURLs: ['https://photos.test.example/'],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: client.tokenValidity.accessTokenMinutes,
      IdTokenValidity: client.tokenValidity.idTokenMinutes,
      RefreshTokenValidity: client.tokenValidity.refreshTokenMinutes,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'photos-test' });
  });
});

describe('the service', () => {
  const container = () => {
    const [, task] = only('AWS::ECS::TaskDefinition');
    return (task.Properties.ContainerDefinitions as Record<string, unknown>[])[0];
  };

  it('runs the image built from the repository Dockerfile', () => {
    assert.match(JSON.stringify(container().Image), /cdk-hnb659fds-container-assets/);
  });

  it('gets its secrets as ECS secrets, never as plain environment values', () => {
    const secrets = (container().Secrets as { Name: string; ValueFrom: unknown }[]).map(
      (s) => s.Name,
    );
    assert.deepEqual(secrets.sort(), ['COGNITO_CLIENT_SECRET', 'PGPASSWORD', 'SESSION_SECRET']);
    const environment = container().Environment as { Name: string; Value: unknown }[];
    const names = environment.map((e) => e.Name);
    for (const secret of secrets) assert.ok(!names.includes(secret), secret);
    assert.doesNotMatch(
      JSON.stringify(environment),
      /secretsmanager|UserPoolClient\.ClientSecret|SecretString/,
    );
    const env = Object.fromEntries(environment.map((e) => [e.Name, e.Value]));
    assert.equal(env.BASE_URL, 'https://photos.test.example');
    assert.equal(env.TRUST_PROXY, '1');
    assert.equal(env.PHOTO_STORAGE, 's3');
    assert.match(JSON.stringify(env.DATABASE_URL), /postgres:\/\/photos@/);
    assert.deepEqual(env.COGNITO_USER_POOL_ID, { Ref: only('AWS::Cognito::UserPool')[0] });
  });

  it('lets the task execution role read exactly those three secrets', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [
      string,
      Resource,
    ][];
    const [, execution] = policies.find(([id]) => id.startsWith('WebTaskDefExecutionRole'))!;
    const statements = (
      execution.Properties.PolicyDocument as {
        Statement: { Action: string | string[]; Resource: unknown }[];
      }
    ).Statement.filter((statement) =>
      [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    const secrets = statements.map((statement) => JSON.stringify(statement.Resource)).sort();
    const ids = ['CognitoClientSecret', 'DatabaseSecretAttachment', 'SessionSecret'];
    assert.equal(secrets.length, ids.length);
    ids.forEach((id, i) => assert.match(secrets[i], new RegExp(`^\\{"Ref":"${id}`)));
  });

  it('sits behind an HTTPS listener with the given certificate; HTTP only redirects', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        {
          Type: 'redirect',
          RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' },
        },
      ],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
  });

  it('is health-checked on /health/ready', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health/ready',
      Port: 80,
    });
  });

  it("closes idle connections before the app's keep-alive does", () => {
    const attributes = loadBalancer.Properties.LoadBalancerAttributes as {
      Key: string;
      Value: string;
    }[];
    const idle = Number(attributes.find((a) => a.Key === 'idle_timeout.timeout_seconds')?.Value);
    assert.ok(idle > 0 && idle < DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS, `idle timeout ${idle}`);
    assert.ok(loadBalancerId);
  });

  it('scales on CPU between 2 tasks and photos:maxTasks', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: DEFAULTS.maxTasks,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ECSServiceAverageCPUUtilization',
        },
      }),
    });
    synth({ 'photos:maxTasks': 10 }).hasResourceProperties(
      'AWS::ApplicationAutoScaling::ScalableTarget',
      { MinCapacity: 2, MaxCapacity: 10 },
    );
  });
});

describe('the security groups', () => {
  const ingress = () =>
    Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as Resource[];
  const inlineIngress = (id: string) =>
    (template.toJSON().Resources[id] as Resource).Properties.SecurityGroupIngress as
      unknown[] | undefined;

  it('let only the load balancer reach the tasks, on the container port', () => {
    assert.equal(inlineIngress(taskSg), undefined);
    const rules = ingress().filter(
      (rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify(getAtt(taskSg)),
    );
    assert.deepEqual(
      rules.map((rule) => [rule.Properties.SourceSecurityGroupId, rule.Properties.FromPort]),
      [[getAtt(loadBalancerSg), 3000]],
    );
  });

  it('let only the tasks reach the database', () => {
    assert.equal(inlineIngress(databaseSg), undefined);
    const rules = ingress().filter(
      (rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify(getAtt(databaseSg)),
    );
    assert.deepEqual(
      rules.map((rule) => [rule.Properties.SourceSecurityGroupId, rule.Properties.FromPort]),
      [[getAtt(taskSg), { 'Fn::GetAtt': [databaseId, 'Endpoint.Port'] }]],
    );
  });
});
