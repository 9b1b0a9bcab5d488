import { AppConfig } from './config/app-config';
import { EmbeddedDefaults } from './embedded-defaults';

/** Tells a newcomer where everything is and how to sign in. Prints no secret but the local ones. */
export function printBanner(config: AppConfig, embedded: EmbeddedDefaults): void {
  const lines = [
    '',
    `Photos is running at ${config.baseUrl}`,
    `  Listening on: ${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`,
    `  API docs:     ${config.baseUrl}/api/docs`,
    `  Data:         ${config.dataDir}`,
    `  Database:     ${embedded.postgres ? `embedded PostgreSQL (${config.dataDir}/postgres)` : 'DATABASE_URL'}`,
    `  Photo files:  ${config.photos.storage === 's3' ? `S3 bucket ${config.photos.s3?.bucket}` : config.photos.localDir}`,
  ];
  const idp = embedded.localCognito;
  if (idp) {
    const demo = idp.demoUser;
    lines.push(
      `  Sign-in:      local Cognito at ${idp.origin} (issuer ${idp.issuer})`,
      demo ? `  Demo user:    ${demo.username} / ${demo.password}` : '  Demo user:    none seeded',
      `  Sign up:      ${config.baseUrl}/login, then "Sign up" on the sign-in page`,
    );
  } else {
    lines.push(`  Sign-in:      Cognito at ${config.cognito.domain}`);
  }
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');
}
