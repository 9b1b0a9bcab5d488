import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipEntry {
  name: string;
  data: Buffer;
  compressionMethod: number;
}

/**
 * Every entry of a zip held in memory, read with yauzl (which checks the entries' sizes against
 * the central directory); each entry's CRC-32 is checked here, as yauzl does not check it.
 */
export function unzip(zip: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) return reject(error);
      const entries: ZipEntry[] = [];
      file.on('error', reject);
      file.on('end', () => resolve(entries));
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (openError, stream) => {
          if (openError) return reject(openError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            const { fileName: name, compressionMethod } = entry;
            const data = Buffer.concat(chunks);
            if (crc32(data) !== entry.crc32) return reject(new Error(`${name}: CRC-32 mismatch`));
            entries.push({ name, data, compressionMethod });
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}
