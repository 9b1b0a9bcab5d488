import { App } from 'aws-cdk-lib';
import { PhotosStack } from '../lib/photos-stack';
import { readSettings } from '../lib/settings';

const app = new App();
// Account and region from the context when given, else the CLI's (environment-agnostic offline).
const account =
  (app.node.tryGetContext('photos:account') as string | undefined) ??
  process.env.CDK_DEFAULT_ACCOUNT;
const region =
  (app.node.tryGetContext('photos:region') as string | undefined) ?? process.env.CDK_DEFAULT_REGION;
new PhotosStack(app, 'Photos', {
  env: account || region ? { account, region } : undefined,
  settings: readSettings(app.node),
  description: 'Photos: VPC, RDS PostgreSQL, S3, Cognito, ECS Fargate behind an HTTPS ALB',
});
