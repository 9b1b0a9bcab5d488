/** An owner's album as pages and the API show it. */
export interface Album {
  id: string;
  ownerSub: string;
  name: string;
  photoCount: number;
  /** The newest-taken photo of the album; null when it is empty. */
  coverPhotoId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What adding photos did to each id sent (in the order sent, each once). */
export interface AddPhotosOutcome {
  added: string[];
  alreadyIn: string[];
  /** Ids that are no photo of the caller's (missing, someone else's): nothing was changed for them. */
  notFound: string[];
}
