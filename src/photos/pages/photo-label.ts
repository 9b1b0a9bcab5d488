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

/**
 * How pages name one photo where a short name is needed (its Delete button, its checkbox, the page
 * title): the first line of its description; else its file name and when it was taken (or
 * uploaded). Photos without a description still get names that tell them apart.
 */
export function photoLabel(photo: Labelled): string {
  const firstLine = photo.description.split('\n')[0].trim();
  if (firstLine) return shortened(firstLine);
  const when = photo.takenAt
    ? `taken ${cameraClock(photo.takenAt, photo.takenAtOffset)}`
    : `uploaded ${photo.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return photo.originalFileName ? shortened(`${photo.originalFileName}, ${when}`) : `photo ${when}`;
}

/** A thumbnail's alt text: its description, else the label that tells it from the others. */
export function photoAlt(photo: Labelled): string {
  return photo.description.trim() || photoLabel(photo);
}
