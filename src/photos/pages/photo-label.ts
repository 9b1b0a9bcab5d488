import type { Photo } from '../photo';

const MAX_LABEL_LENGTH = 80;

/**
 * How pages name one photo where a short name is needed (its Delete button, the page title): the
 * first line of its description, else when it was uploaded. Two photos without a description
 * still get different names, so 24 "Delete" buttons are never alike.
 */
export function photoLabel(photo: Pick<Photo, 'description' | 'createdAt'>): string {
  const firstLine = photo.description.split('\n')[0].trim();
  if (firstLine)
    return firstLine.length > MAX_LABEL_LENGTH
      ? `${firstLine.slice(0, MAX_LABEL_LENGTH - 1)}…`
      : firstLine;
  return `photo uploaded ${photo.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
