import { CreateUserSessions1764130000000 } from './1764130000000-create-user-sessions';
import { CreatePhotos1764130100000 } from './1764130100000-create-photos';

/** Every migration, in order. Listed explicitly so the same list works from src (tests) and dist. */
export const MIGRATIONS = [CreateUserSessions1764130000000, CreatePhotos1764130100000];
