import express from 'express';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { LocalDiskPhotoStorage } from '../storage/local-disk-photo-storage';
import { sendPhotoFile } from './send-photo-file';

/**
 * The file's stream (and so its FileHandle) must be closed whatever the client does: Node 26
 * kills the process when a FileHandle is left to the garbage collector.
 */
describe('sendPhotoFile', () => {
  let sandbox: string;
  let storage: LocalDiskPhotoStorage;
  let server: Server;
  let sent: Promise<Readable>;

  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'send-photo-file-'));
    storage = new LocalDiskPhotoStorage(join(sandbox, 'photos'));
    await storage.put('owner/p1/thumbnail.jpg', Buffer.alloc(256 * 1024, 1), 'image/jpeg');
  });
  afterEach(async () => {
    server?.close();
    await rm(sandbox, { recursive: true, force: true });
  });

  /** A server whose handler opens the file, waits for `before`, then sends it. */
  async function serve(before: (res: express.Response) => Promise<void>): Promise<number> {
    let resolveSent!: (body: Readable) => void;
    sent = new Promise((resolve) => (resolveSent = resolve));
    const app = express();
    app.get('/file', (_req, res) => {
      void (async () => {
        const stored = await storage.get('owner/p1/thumbnail.jpg');
        await before(res);
        await sendPhotoFile(res, { kind: 'stream', ...stored, contentType: 'image/jpeg' });
        resolveSent(stored.body);
      })();
    });
    server = app.listen(0);
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }

  it('closes the file when the client left before the answer began', async () => {
    const port = await serve(async (res) => {
      if (!res.destroyed) await once(res, 'close');
    });
    const req = request({ port, path: '/file' });
    req.on('error', () => undefined);
    req.end();
    req.on('socket', (socket) => socket.on('connect', () => setTimeout(() => req.destroy(), 20)));

    const body = await sent;
    expect(body.destroyed).toBe(true);
    if (!body.closed) await once(body, 'close');
    expect((body as Readable & { fd: number | null }).fd).toBeNull();
  });

  it('closes the file when the client leaves mid-download', async () => {
    const port = await serve(() => Promise.resolve());
    const req = request({ port, path: '/file' });
    req.on('error', () => undefined);
    req.on('response', (response) => response.once('data', () => req.destroy()));
    req.end();

    const body = await sent;
    expect(body.destroyed).toBe(true);
    if (!body.closed) await once(body, 'close');
    expect((body as Readable & { fd: number | null }).fd).toBeNull();
  });

  it('sends the whole file with its headers to a client that stays', async () => {
    const port = await serve(() => Promise.resolve());
    const req = request({ port, path: '/file' });
    req.end();
    const [response] = (await once(req, 'response')) as [IncomingMessage];
    let length = 0;
    for await (const chunk of response) length += (chunk as Buffer).length;

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/jpeg');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(length).toBe(256 * 1024);
    expect((await sent).destroyed).toBe(true);
  });
});
