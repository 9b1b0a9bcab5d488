/** The album rules' limits and wording, in one place for the schemas, pages and API docs. */
export const MAX_ALBUM_NAME_LENGTH = 200;
/** Photo ids one request may add to an album. */
export const MAX_ALBUM_ADD_IDS = 100;

export const ALBUM_TEXT = {
  nameInvalid: `Give the album a name of 1 to ${MAX_ALBUM_NAME_LENGTH} characters.`,
  idsInvalid: `Send "ids": a list of 1 to ${MAX_ALBUM_ADD_IDS} photo ids.`,
  notFound: 'There is no such album.',
  photoNotInAlbum: 'That photo is not in this album.',
  selectionNotFound: 'None of the chosen photos is in My photos.',
} as const;
