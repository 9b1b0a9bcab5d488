import * as path from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS } from '../../src/config/defaults';
import { cognitoDomainName, cognitoResources } from '../../src/provision/cognito-resources';
import { PhotosCognito } from './cognito';
import { type DeploymentSettings, warnAboutPlaceholders } from './settings';

/** The repository root: the Dockerfile and its build context (.dockerignore applies). */
const REPOSITORY_ROOT = path.join(__dirname, '..', '..');
const CONTAINER_PORT = 3000;
const DATABASE_NAME = 'photos';
const DATABASE_USER = 'photos';
/**
 * Below the app's keep-alive (KEEP_ALIVE_TIMEOUT_SECONDS, 65 s by default), so the ALB always
 * drops an idle connection before the app does and never sends a request into one being closed.
 */
export const ALB_IDLE_TIMEOUT_SECONDS = DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS - 5;

export interface PhotosStackProps extends StackProps {
  settings: DeploymentSettings;
}

/**
 * A whole deployment of Photos: a VPC; RDS PostgreSQL and the tasks in private subnets; an S3
 * bucket; the Cognito pool, client and domain; the app on ECS Fargate behind an HTTPS ALB.
 */
export class PhotosStack extends Stack {
  constructor(scope: Construct, id: string, props: PhotosStackProps) {
    super(scope, id, props);
    const { settings } = props;
    warnAboutPlaceholders(this, settings);
    const baseUrl = `https://${settings.domainName}`;

    // Two AZs; one NAT gateway (the tasks' way out to Cognito's JWKS and ECR) keeps the smallest
    // deployment cheap; the database sits in isolated subnets with no route out at all.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });

    const database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      publiclyAccessible: false,
      storageEncrypted: true,
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      maxAllocatedStorage: 100,
      backupRetention: Duration.days(7),
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });

    const bucket = new s3.Bucket(this, 'Photos', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const resources = cognitoResources(baseUrl, settings.domainPrefix);
    const cognito = new PhotosCognito(this, 'Cognito', resources);

    const sessionSecret = new secretsmanager.Secret(this, 'SessionSecret', {
      description: 'Photos SESSION_SECRET: signs session cookies, encrypts stored refresh tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const clientSecret = new secretsmanager.Secret(this, 'CognitoClientSecret', {
      description: 'Photos COGNITO_CLIENT_SECRET: the app client secret, copied from Cognito',
      secretStringValue: cognito.client.userPoolClientSecret,
    });

    const logGroup = new logs.LogGroup(this, 'AppLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const web = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      vpc,
      taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      cpu: 512,
      memoryLimitMiB: 1024,
      desiredCount: 2,
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      publicLoadBalancer: true,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn),
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      redirectHTTP: true,
      idleTimeout: Duration.seconds(ALB_IDLE_TIMEOUT_SECONDS),
      healthCheckGracePeriod: Duration.seconds(60),
      taskImageOptions: {
        image: ecs.ContainerImage.fromAsset(REPOSITORY_ROOT, { platform: Platform.LINUX_AMD64 }),
        containerPort: CONTAINER_PORT,
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'photos', logGroup }),
        environment: {
          NODE_ENV: 'production',
          BASE_URL: baseUrl,
          // One hop: the ALB. The tasks cannot be reached but through it (security groups below).
          TRUST_PROXY: '1',
          // No password here: PGPASSWORD (a secret) gives it to node-postgres. RDS encrypts the
          // connection; verify-full also needs the RDS CA bundle in the image (docs/DEPLOY.md).
          DATABASE_URL: `postgres://${DATABASE_USER}@${database.dbInstanceEndpointAddress}:${database.dbInstanceEndpointPort}/${DATABASE_NAME}?sslmode=no-verify`,
          PHOTO_STORAGE: 's3',
          S3_BUCKET: bucket.bucketName,
          S3_REGION: Aws.REGION,
          COGNITO_DOMAIN: cognitoDomainName(resources.domain.prefix, Aws.REGION),
          COGNITO_REGION: Aws.REGION,
          COGNITO_USER_POOL_ID: cognito.userPool.userPoolId,
          COGNITO_CLIENT_ID: cognito.client.userPoolClientId,
        },
        secrets: {
          PGPASSWORD: ecs.Secret.fromSecretsManager(database.secret!, 'password'),
          SESSION_SECRET: ecs.Secret.fromSecretsManager(sessionSecret),
          COGNITO_CLIENT_SECRET: ecs.Secret.fromSecretsManager(clientSecret),
        },
      },
    });
    // The hosted UI domain must exist before a task sends anyone there.
    web.service.node.addDependency(cognito.domain);

    web.targetGroup.configureHealthCheck({
      path: '/health/ready',
      healthyHttpCodes: '200',
      interval: Duration.seconds(10),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    });
    // Shorter than the 30 s ECS waits after SIGTERM: the app drains within delay + grace (25 s).
    web.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '30');

    // Only the tasks reach the database (the ALB → tasks rule is the pattern's own).
    database.connections.allowDefaultPortFrom(web.service, 'Photos tasks');

    // What the app calls (src/photos/storage/s3-photo-storage.ts), and nothing more.
    const role = web.taskDefinition.taskRole;
    bucket.grantPut(role);
    bucket.grantRead(role);
    bucket.grantDelete(role);

    const scaling = web.service.autoScaleTaskCount({
      minCapacity: 2,
      maxCapacity: settings.maxTasks,
    });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 60,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
  }
}
