import { readFile } from 'node:fs/promises';

const LISTEN = '0A';

/** `0100007F` (little-endian hex from /proc/net/tcp) → `127.0.0.1`. */
function ipv4(hex: string): string {
  return [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16)).join('.');
}

/** 32 hex digits, four little-endian 32-bit words (/proc/net/tcp6) → a short IPv6 text. */
function ipv6(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  for (let word = 0; word < 16; word += 4) bytes.subarray(word, word + 4).reverse();
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  return text;
}

/**
 * The local addresses with a socket listening on TCP `port`, as the kernel reports them (Linux):
 * what another machine could reach. `0.0.0.0` / `::` mean every interface.
 */
export async function listeningAddresses(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const [file, parse] of [
    ['/proc/net/tcp', ipv4],
    ['/proc/net/tcp6', ipv6],
  ] as const) {
    const table = await readFile(file, 'utf8').catch(() => '');
    for (const line of table.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== LISTEN) continue;
      const [address, hexPort] = local.split(':');
      if (parseInt(hexPort, 16) === port) found.push(parse(address));
    }
  }
  return found.sort();
}
