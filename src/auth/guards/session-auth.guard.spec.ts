import { Controller, Get, type INestApplication, Post, UseGuards } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuthExceptionFilter } from '../http/auth-exception.filter';
import { ReturnAfterSignIn, SessionAuthGuard } from './session-auth.guard';

/** Routes of another module, as a feature declares them: the guard knows none of their paths. */
@Controller('forms')
@UseGuards(SessionAuthGuard)
@ReturnAfterSignIn('/forms/overview')
class FormsController {
  @Get('page')
  page(): string {
    return 'the page';
  }

  @Post('page')
  submit(): string {
    return 'submitted';
  }

  @Post('items/:id/archive')
  @ReturnAfterSignIn('/forms/archive')
  archive(): string {
    return 'archived';
  }
}

@Controller('plain')
@UseGuards(SessionAuthGuard)
class PlainController {
  @Post('send')
  send(): string {
    return 'sent';
  }
}

describe('SessionAuthGuard: where a signed-out visitor returns after sign-in', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [FormsController, PlainController],
      providers: [SessionAuthGuard, { provide: APP_FILTER, useClass: AuthExceptionFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  const signInRedirect = async (method: 'get' | 'post', path: string) => {
    const response = await request(app.getHttpServer())[method](path);
    expect(response.status).toBe(302);
    return response.headers.location;
  };

  it('brings a GET back to the page itself, query included', async () => {
    expect(await signInRedirect('get', '/forms/page?cursor=abc')).toBe(
      '/login?returnTo=%2Fforms%2Fpage%3Fcursor%3Dabc',
    );
  });

  it('brings a POST back to the page its controller names with @ReturnAfterSignIn', async () => {
    expect(await signInRedirect('post', '/forms/page')).toBe('/login?returnTo=%2Fforms%2Foverview');
  });

  it("prefers the handler's own @ReturnAfterSignIn to its controller's", async () => {
    expect(await signInRedirect('post', '/forms/items/42/archive')).toBe(
      '/login?returnTo=%2Fforms%2Farchive',
    );
  });

  it('without the metadata, brings a POST back to its own path', async () => {
    expect(await signInRedirect('post', '/plain/send')).toBe('/login?returnTo=%2Fplain%2Fsend');
  });
});
