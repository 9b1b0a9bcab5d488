import sharp from 'sharp';
import { fixtureSync as fixture } from '../../../test/support/fixtures';
import {
  truncated,
  withMirrorBoxInstead,
  withoutRotationBox,
} from '../../../test/support/heif-edits';
import { readHeifContainer } from './heif-boxes';

describe('readHeifContainer', () => {
  const heic = fixture('coffee-phone.heic');

  it("finds the HEVC codec and the iPhone-style rotation (irot) of the fixture's primary image", () => {
    expect(readHeifContainer(heic)).toEqual({ codec: 'hevc', transformed: true });
  });

  it('finds a mirror (imir) as well', () => {
    expect(readHeifContainer(withMirrorBoxInstead(heic)).transformed).toBe(true);
  });

  it('is false when the container neither turns nor mirrors it (EXIF then decides)', () => {
    expect(readHeifContainer(withoutRotationBox(heic))).toEqual({
      codec: 'hevc',
      transformed: false,
    });
  });

  it('reads a Buffer that is a view into a larger one', () => {
    const padded = Buffer.concat([Buffer.alloc(7), heic]);
    expect(readHeifContainer(padded.subarray(7))).toEqual({ codec: 'hevc', transformed: true });
  });

  it('finds AV1 in an AVIF, whatever its brand', async () => {
    const avif = await sharp({
      create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 0, b: 0 } },
    })
      .avif()
      .toBuffer();
    expect(readHeifContainer(avif)).toEqual({ codec: 'av1', transformed: false });
    const generic = Buffer.from(avif);
    generic.write('mif1', 8, 'latin1');
    expect(readHeifContainer(generic)).toEqual({ codec: 'av1', transformed: false });
  });

  it('knows nothing, without throwing, of broken or foreign bytes', () => {
    for (const bytes of [
      truncated(heic, 200),
      truncated(heic, 7),
      Buffer.alloc(0),
      fixture('rocket.jpg'),
      Buffer.from('0000000c6d657461ffffffff', 'hex'), // a meta box whose child claims 4 GB
    ]) {
      expect(readHeifContainer(bytes)).toEqual({ codec: undefined, transformed: false });
    }
  });
});
