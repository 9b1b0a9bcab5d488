import type { Request } from 'express';
import { LOGIN_TRANSACTION_TTL_MS, LoginTransactionStore } from './login-transaction.store';

function fakeRequest(): Request {
  // The store saves the session before the redirect; this one saves at once.
  const save = (done: (err?: unknown) => void) => done();
  return { session: { cookie: {}, save } } as unknown as Request;
}

function storeOne(store: LoginTransactionStore, req: Request): string {
  let state = '';
  store.store(req, 'verifier', { nonce: 'n', returnTo: '/myphotos' }, {}, (err, s) => {
    if (err) throw err;
    state = s ?? '';
  });
  return state;
}

describe('LoginTransactionStore', () => {
  const store = new LoginTransactionStore();

  it('gives back a transaction once: a replayed state finds nothing', () => {
    const req = fakeRequest();
    const state = storeOne(store, req);
    expect(state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(store.take(req, state)).toMatchObject({
      codeVerifier: 'verifier',
      nonce: 'n',
      returnTo: '/myphotos',
    });
    expect(store.take(req, state)).toBeUndefined();
  });

  it('refuses unknown, missing and expired states', () => {
    const req = fakeRequest();
    const state = storeOne(store, req);
    expect(store.take(req, 'forged')).toBeUndefined();
    expect(store.take(req, undefined)).toBeUndefined();
    expect(store.take(req, '__proto__')).toBeUndefined();
    expect(store.take(req, state, Date.now() + LOGIN_TRANSACTION_TTL_MS + 1)).toBeUndefined();
  });

  it('keeps several tabs signing in at once, but not unboundedly many', () => {
    const req = fakeRequest();
    const states = Array.from({ length: 8 }, () => storeOne(store, req));
    expect(Object.keys(req.session.loginTransactions ?? {})).toHaveLength(5);
    expect(store.take(req, states[7])).toBeDefined();
  });
});
