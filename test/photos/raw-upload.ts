import { connect, type Socket } from 'node:net';

const BOUNDARY = 'photos-raw-upload-boundary';

/** An upload sent over a plain socket, so a test decides how much of the body goes out, and when. */
export interface RawUpload {
  socket: Socket;
  /** Resolves once every byte given so far is handed to the kernel. */
  written: Promise<void>;
  /** Resolves when the connection closes, with what the server answered (possibly nothing). */
  closed: Promise<{ response: string; atMs: number }>;
  /** Sends the rest of the body. */
  finish(): void;
}

/**
 * POSTs a multipart upload of `payload` to `path` with a Bearer token (or `as` a signed-in
 * browser: its cookie and a `_csrf` field before the photo, as the page's form sends), declaring the whole body's
 * length but sending only its first `sendBytes` bytes of the photo: the body then stalls.
 */
export function startRawUpload(
  port: number,
  token: string,
  payload: Buffer,
  sendBytes: number,
  path = '/api/photos',
  as: { cookie?: string; csrf?: string } = {},
): RawUpload {
  const csrfField =
    as.csrf === undefined
      ? ''
      : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${as.csrf}\r\n`;
  const credentials = as.cookie ? `Cookie: ${as.cookie}` : `Authorization: Bearer ${token}`;
  const head = Buffer.from(
    csrfField +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="description"\r\n\r\nraw\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="raw.jpg"\r\n` +
      `Content-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const length = head.length + payload.length + tail.length;
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let response = '';
  socket.on('data', (chunk: Buffer) => (response += chunk.toString('latin1')));
  socket.on('error', () => undefined); // a dropped connection is what some tests expect
  const closed = new Promise<{ response: string; atMs: number }>((resolve) =>
    socket.once('close', () => resolve({ response, atMs: Date.now() - started })),
  );
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: localhost:${port}\r\n${credentials}\r\n` +
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n`,
  );
  socket.write(head);
  const written = new Promise<void>((resolve) =>
    // subarray: every upload of a test shares the one payload buffer, so the client side of a
    // memory test holds it once.
    socket.write(payload.subarray(0, sendBytes), () => resolve()),
  );
  return {
    socket,
    written,
    closed,
    finish: () => {
      socket.write(payload.subarray(sendBytes));
      socket.write(tail);
    },
  };
}

/** The status code of a raw HTTP response, or undefined when the server answered nothing. */
export function statusOf(response: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return match ? Number(match[1]) : undefined;
}
