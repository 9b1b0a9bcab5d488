import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMBEDDED_PLACEHOLDERS, loadAppConfig } from '../../src/config/load-app-config';
import { loadLocalCognitoConfig } from '../../packages/local-cognito/src/local-cognito.config';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** What the README promises a newcomer is what the code does (the banner is checked by startup). */
describe('The README says what the code does', () => {
  it('gives the two commands, and both are scripts', () => {
    const commands = /## The two commands\s+```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    expect(commands).toMatch(/^npm ci && npm start\b/m);
    expect(commands).toMatch(/^npm ci && npm test\b/m);
    expect(SCRIPTS.start).toBeDefined();
    expect(SCRIPTS.test).toBeDefined();
  });

  it('names the demo user the local Cognito seeds', () => {
    const [demo] = loadLocalCognitoConfig({}).users;
    expect(README).toContain(`**${demo.username} / ${demo.password}**`);
  });

  it('gives the default ports and the variables that change them', () => {
    const app = loadAppConfig({}, EMBEDDED_PLACEHOLDERS);
    expect(README).toContain(`serves http://localhost:${app.port} `);
    expect(README).toMatch(new RegExp(`\\| \`PORT\` .*\\| \`${app.port}\``));
    const idp = loadLocalCognitoConfig({});
    expect(README).toContain(`on port ${idp.port} (\`LOCAL_COGNITO_PORT\``);
    expect(README).toContain('`PORT` or `LOCAL_COGNITO_PORT`');
    expect(README).toContain('set `DATA_DIR`');
  });
});
