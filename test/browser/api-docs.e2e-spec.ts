import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { DEMO, TestStack } from '../support/test-stack';

const PATIENT = { timeout: 30_000 };

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown }>>;
  components: {
    schemas: Record<string, { properties: Record<string, unknown> }>;
    securitySchemes: Record<string, unknown>;
  };
}

describe('The API documentation page', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('renders Swagger UI under the strict CSP, listing the photo routes', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${stack.baseUrl}/api/docs`);
    await page.getByText('/api/photos/{id}').first().waitFor(PATIENT);
    await expect(page.getByText('Photos API').first().isVisible()).resolves.toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('describes every route and field of the photos API, and the OAuth2 flow against the configured Cognito', async () => {
    const document = (await (await fetch(`${stack.baseUrl}/api/docs-json`)).json()) as OpenApi;
    const schemas = document.components.schemas;
    expect(Object.keys(schemas.PhotoDto.properties)).toEqual(
      expect.arrayContaining(['id', 'description', 'takenAt', 'createdAt', 'original', 'urls']),
    );
    expect(schemas.PhotoDto.properties.takenAt).toMatchObject({
      format: 'date-time',
      nullable: true,
    });
    expect(Object.keys(schemas.PhotoUrlsDto.properties).sort()).toEqual([
      'image',
      'original',
      'thumbnail',
    ]);
    const photo = document.paths['/api/photos/{id}'];
    expect(Object.keys(photo).sort()).toEqual(['delete', 'get', 'patch']);
    expect(JSON.stringify(photo.patch.requestBody)).toContain('DescriptionEditDto');
    for (const route of ['original', 'image', 'thumbnail'])
      expect(document.paths[`/api/photos/{id}/${route}`]).toHaveProperty('get');

    expect(document.components.securitySchemes.cognito).toEqual({
      type: 'oauth2',
      description: expect.any(String),
      flows: {
        authorizationCode: {
          authorizationUrl: `${stack.idp.origin}/oauth2/authorize`,
          tokenUrl: `${stack.idp.origin}/oauth2/token`,
          scopes: { openid: expect.any(String) },
        },
      },
    });
    // Every operation of the API takes the Cognito token either pasted (bearer) or from "Authorize".
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/') && !path.startsWith('/api/docs'))
      .flatMap(([, methods]) => Object.values(methods));
    expect(operations.length).toBeGreaterThanOrEqual(8);
    for (const operation of operations)
      expect(operation.security).toEqual([{ bearer: [] }, { cognito: ['openid'] }]);
  });

  it('lets only Cognito’s token endpoint be fetched from the docs, and the redirect page keep its opener', async () => {
    const docs = await fetch(`${stack.baseUrl}/api/docs`);
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src 'self' ${stack.idp.origin}/oauth2/token;`);
    expect(docs.headers.get('cross-origin-opener-policy')).toBe('same-origin-allow-popups');
    const redirect = await fetch(`${stack.baseUrl}/api/docs/oauth2-redirect.html`);
    expect(redirect.status).toBe(200);
    expect(redirect.headers.get('cross-origin-opener-policy')).toBeNull();
    // Every other page keeps the strict policy.
    const home = await fetch(`${stack.baseUrl}/`);
    expect(home.headers.get('content-security-policy')).toContain("connect-src 'self';");
    expect(home.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('"Authorize" signs in at the local Cognito with the code flow and PKCE, then GET /api/photos answers 200', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${stack.baseUrl}/api/docs`);
    await page.getByRole('button', { name: 'Authorize' }).first().click(PATIENT);
    const dialog = page.locator('.modal-ux');
    await dialog.waitFor(PATIENT);
    await expect(
      dialog.getByText('cognito (OAuth2, authorizationCode with PKCE)').count(),
    ).resolves.toBe(1);
    // The public API client, filled in by the app; never a secret (Swagger UI shows the field anyway).
    await expect(dialog.getByLabel('client_id:').inputValue()).resolves.toBe('photos-test-api');
    await expect(dialog.getByLabel('client_secret:').inputValue()).resolves.toBe('');

    const [popup] = await Promise.all([
      page.waitForEvent('popup', PATIENT),
      dialog.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click(PATIENT),
    ]);
    await popup.waitForURL(`${stack.idp.origin}/login?**`, PATIENT);
    const authorize = new URL(popup.url());
    expect(authorize.searchParams.get('client_id')).toBe('photos-test-api');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    popup.on('console', (message) => {
      if (message.type() === 'error') problems.push(`sign-in popup: ${message.text()}`);
    });
    await popup.getByLabel('Username').fill(DEMO.username);
    await popup.getByLabel('Password').fill(DEMO.password);
    await Promise.all([
      popup.waitForEvent('close', PATIENT),
      popup.getByRole('button', { name: 'Sign in' }).click(),
    ]);

    // Back in Swagger UI, authorized: the dialog offers "Logout" for the scheme.
    await dialog
      .getByRole('button', { name: /Logout|Remove authorization/ })
      .last()
      .waitFor(PATIENT);
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    const operation = page.locator('#operations-photos-PhotosApiController_list');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.first().waitFor(PATIENT);
    await expect(status.first().innerText()).resolves.toBe('200');
    expect(problems).toEqual([]);
    await page.close();
  });
});
