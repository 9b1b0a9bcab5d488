/** What the HEIF container says of its images, before any of them is decoded. */
export interface HeifContainer {
  /**
   * The codec of the images, from their decoder configuration properties (`hvcC`, `av1C`):
   * the brand does not say (file-type reads every brand but `avif` as HEIC, and libvips names
   * the codec from the brand too). `undefined` when it holds neither, or both.
   */
  codec: 'hevc' | 'av1' | undefined;
  /**
   * Whether the primary image carries a rotation (`irot`) or mirror (`imir`) property. libheif
   * applies those when it decodes, and the format says the EXIF Orientation must then be ignored:
   * an iPhone writes both, and honouring both would turn the photo twice. Files from older
   * encoders (libheif's heif-enc before 1.16, converters) copy the EXIF Orientation and write
   * neither: for those the EXIF tag is the only record of which way is up.
   */
  transformed: boolean;
}

/**
 * Just enough of the HEIF container (ISO/IEC 23008-12 on ISO-BMFF boxes) for `HeifContainer`.
 * Reads box headers and properties only, never image data; bounded by the buffer, so a damaged
 * file gives `{ codec: undefined, transformed: false }` or part of it (libheif then refuses it).
 */
export function readHeifContainer(file: Uint8Array): HeifContainer {
  const bytes = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const unknown: HeifContainer = { codec: undefined, transformed: false };
  const meta = childBoxes(bytes, 0, bytes.byteLength).find((box) => box.type === 'meta');
  if (!meta) return unknown;
  const inMeta = childBoxes(bytes, meta.body + 4, meta.end); // full box: skip version and flags
  const iprp = inMeta.find((box) => box.type === 'iprp');
  const inIprp = iprp ? childBoxes(bytes, iprp.body, iprp.end) : [];
  const ipco = inIprp.find((box) => box.type === 'ipco');
  if (!ipco) return unknown;
  const properties = childBoxes(bytes, ipco.body, ipco.end).map((box) => box.type);
  const pitm = inMeta.find((box) => box.type === 'pitm');
  const primary = pitm
    ? readItemId(bytes, pitm.body + 4, bytes.getUint8(pitm.body) === 0 ? 2 : 4, pitm)
    : undefined;
  const transformed =
    primary !== undefined &&
    inIprp
      .filter((box) => box.type === 'ipma')
      .flatMap((ipma) => associations(bytes, ipma, primary))
      .some((index) => TRANSFORMS.has(properties[index - 1]));
  return { codec: codecOf(properties), transformed };
}

function codecOf(properties: string[]): HeifContainer['codec'] {
  const hevc = properties.includes('hvcC');
  const av1 = properties.includes('av1C');
  if (hevc === av1) return undefined;
  return hevc ? 'hevc' : 'av1';
}

const TRANSFORMS = new Set(['irot', 'imir']);

interface Box {
  type: string;
  /** Where the box's content starts (after its header) and where the box ends. */
  body: number;
  end: number;
}

/** The boxes laid one after another in [start, end); stops at the first that does not fit. */
function childBoxes(bytes: DataView, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = bytes.getUint32(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = Number(bytes.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at; // the box runs to the end of its parent
    }
    if (size < header || at + size > end) break;
    const type = String.fromCharCode(...new Uint8Array(bytes.buffer, bytes.byteOffset + at + 4, 4));
    boxes.push({ type, body: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

function readItemId(bytes: DataView, at: number, size: 2 | 4, box: Box): number | undefined {
  if (at + size > box.end) return undefined;
  return size === 2 ? bytes.getUint16(at) : bytes.getUint32(at);
}

/** The property indices (1-based, into ipco) an `ipma` box associates with one item. */
function associations(bytes: DataView, ipma: Box, item: number): number[] {
  if (ipma.body + 8 > ipma.end) return [];
  const version = bytes.getUint8(ipma.body);
  const wideIndex = (bytes.getUint8(ipma.body + 3) & 1) === 1;
  const entries = bytes.getUint32(ipma.body + 4);
  let at = ipma.body + 8;
  for (let entry = 0; entry < entries; entry++) {
    const id = readItemId(bytes, at, version < 1 ? 2 : 4, ipma);
    at += version < 1 ? 2 : 4;
    if (id === undefined || at + 1 > ipma.end) return [];
    const count = bytes.getUint8(at);
    at += 1;
    const width = wideIndex ? 2 : 1;
    if (at + count * width > ipma.end) return [];
    if (id === item) {
      return Array.from({ length: count }, (_, n) =>
        wideIndex ? bytes.getUint16(at + n * 2) & 0x7fff : bytes.getUint8(at + n) & 0x7f,
      );
    }
    at += count * width;
  }
  return [];
}
