import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from './config/app-config';

/** The OAuth2 security scheme's name in the OpenAPI document. */
export const OAUTH2_SCHEME = 'cognito';
/** All the photos API asks of a token (RequireScopes('openid')): nothing more is requested. */
const API_SCOPES = { openid: 'Sign in (required by every /api route)' };

/**
 * The Cognito OAuth2 flow Swagger UI's "Authorize" runs: authorization code with PKCE, against
 * the configured hosted UI (the local Cognito by default), as the public API client. Its token
 * endpoint is called from the browser, hence a client without a secret (a secret in Swagger UI
 * would be a secret in every visitor's browser).
 */
function addCognitoOAuth2(builder: DocumentBuilder, config: AppConfig): DocumentBuilder {
  const { domain } = config.cognito;
  return builder.addOAuth2(
    {
      type: 'oauth2',
      description:
        'Sign in at Cognito\'s hosted UI (authorization code flow with PKCE, public app client). See "Calling the API" in the README for scripts.',
      flows: {
        authorizationCode: {
          authorizationUrl: `${domain}/oauth2/authorize`,
          tokenUrl: `${domain}/oauth2/token`,
          scopes: API_SCOPES,
        },
      },
    },
    OAUTH2_SCHEME,
  );
}

/** What Swagger UI's requestInterceptor receives and returns. */
interface SwaggerRequest {
  url: string;
  headers: Record<string, string>;
}

/**
 * Runs in the browser (serialised into swagger-ui-init.js by @nestjs/swagger: it must not use
 * anything outside itself). Swagger UI adds `X-Requested-With` to its token request, which makes
 * it a preflighted CORS request whose header Cognito's token endpoint need not allow; without it
 * the form POST is a simple CORS request, which Cognito answers with `Access-Control-Allow-Origin: *`.
 */
function tokenRequestWithoutXRequestedWith(request: SwaggerRequest): SwaggerRequest {
  if (/\/oauth2\/token$/.test(request.url)) delete request.headers['X-Requested-With'];
  return request;
}

/**
 * Every operation that takes a Bearer token (@ApiBearerAuth) also takes the OAuth2 scheme's token,
 * which is the same Cognito access token: OpenAPI lists them as alternatives.
 */
function offerOAuth2WhereBearer(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { security?: Record<string, string[]>[] }[]) {
      const security = operation.security;
      // A new array: the decorators' metadata is shared by every operation of a controller.
      if (security?.some((requirement) => 'bearer' in requirement))
        operation.security = [...security, { [OAUTH2_SCHEME]: Object.keys(API_SCOPES) }];
    }
  }
  return document;
}

/** /api/docs (Swagger UI) and /api/docs-json: the API described, with "Authorize" when it can. */
export function setUpApiDocs(app: INestApplication, config: AppConfig): void {
  // API_DOCS=off (the production default): no Swagger UI, no OpenAPI document; /api/docs is a 404.
  if (config.apiDocs === 'off') return;
  const apiClientId = config.cognito.apiClientId;
  let builder = new DocumentBuilder()
    .setTitle('Photos API')
    .setDescription(
      'Your photos, for clients holding a Cognito access token (`Authorization: Bearer …`). ' +
        (apiClientId
          ? '"Authorize" signs you in at Cognito with the authorization code flow and PKCE. '
          : 'Paste an access token under "Authorize". ') +
        'Scripts: see "Calling the API" in the README.',
    )
    .setVersion(config.version)
    .addBearerAuth();
  if (apiClientId) builder = addCognitoOAuth2(builder, config);
  const openApi = builder.build();
  SwaggerModule.setup(
    'api/docs',
    app,
    () => {
      const document = SwaggerModule.createDocument(app, openApi);
      return apiClientId ? offerOAuth2WhereBearer(document) : document;
    },
    {
      swaggerOptions: apiClientId
        ? {
            // Swagger UI's own redirect page (served by swagger-ui under /api/docs) takes the code.
            requestInterceptor: tokenRequestWithoutXRequestedWith,
            oauth2RedirectUrl: `${config.baseUrl}/api/docs/oauth2-redirect.html`,
            initOAuth: {
              clientId: apiClientId,
              usePkceWithAuthorizationCodeGrant: true,
              scopes: Object.keys(API_SCOPES),
            },
          }
        : {},
    },
  );
}
