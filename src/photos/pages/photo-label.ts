import type { Photo } from '../photo';

const MAX_LABEL_LENGTH = 80;

type Labelled = Pick<
  Photo,
  'description' | 'createdAt' | 'takenAt' | 'takenAtOffset' | 'originalFileName'
>;

/** "2024-09-14 18:02" as the camera's clock read it (takenAt is UTC; the offset gives the wall). */
export function cameraClock(takenAt: Date, offset: string | null): string {
  const match = offset?.match(/^([+-])(\d{2}):(\d{2})$/);
  const shift = match
    ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000
    : 0;
  return new Date(takenAt.getTime() + shift).toISOString().replace('T', ' ').slice(0, 16);
}

function shortened(text: string): string {
  return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text;
}

/** "IMG_1234.jpg, taken 2024-09-14 18:02": what tells one photo from another without words. */
function fileAndDate(photo: Labelled): string {
  const when = photo.takenAt
    ? `taken ${cameraClock(photo.takenAt, photo.takenAtOffset)}`
    : `uploaded ${photo.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return photo.originalFileName ? shortened(`${photo.originalFileName}, ${when}`) : `photo ${when}`;
}

function firstLineOf(photo: Labelled): string {
  return photo.description.split('\n')[0].trim();
}

/**
 * How pages name one photo where a short name is needed (its Delete button, its checkbox, the page
 * title): the first line of its description; else its file name and when it was taken (or
 * uploaded). Photos without a description still get names that tell them apart.
 */
export function photoLabel(photo: Labelled): string {
  const firstLine = firstLineOf(photo);
  return firstLine ? shortened(firstLine) : fileAndDate(photo);
}

/** A thumbnail's alt text: its description, else the label that tells it from the others. */
export function photoAlt(photo: Labelled): string {
  return photo.description.trim() || photoLabel(photo);
}

export interface PhotoNames {
  alt: string;
  label: string;
}

/**
 * The names of the photos shown together on one page. A batch uploaded with one description
 * gives many photos the same words: those photos are told apart by file name and date after
 * them, so that a screen reader's list of images or of Delete buttons never repeats itself.
 */
export function namesOnPage(photos: readonly Labelled[]): PhotoNames[] {
  const seen = new Map<string, number>();
  for (const photo of photos) {
    const line = firstLineOf(photo);
    if (line) seen.set(line, (seen.get(line) ?? 0) + 1);
  }
  return photos.map((photo) => {
    const line = firstLineOf(photo);
    if (!line || seen.get(line) === 1) return { alt: photoAlt(photo), label: photoLabel(photo) };
    const apart = fileAndDate(photo);
    return {
      alt: `${photo.description.trim()} (${apart})`,
      label: `${shortened(line)} (${apart})`,
    };
  });
}
