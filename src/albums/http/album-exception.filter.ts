import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { HttpExceptionFilter } from '../../common/http-exception.filter';
import {
  AlbumNotFoundError,
  AlbumPhotoNotFoundError,
  SelectionNotFoundError,
} from '../album-errors';

/** The album rules' errors, each of which `albumHttpException` maps. */
export const ALBUM_RULE_ERRORS = [
  AlbumNotFoundError,
  AlbumPhotoNotFoundError,
  SelectionNotFoundError,
];
type AlbumRuleError = AlbumNotFoundError | AlbumPhotoNotFoundError | SelectionNotFoundError;

/** The one mapping from the album rules' errors to HTTP: everything "not yours" is a 404. */
export function albumHttpException(error: AlbumRuleError) {
  return new NotFoundException(error.reason);
}

/**
 * The album rules' errors in HTTP wherever they are thrown, answered as the app-wide filter
 * answers any HttpException (JSON under /api, the error page otherwise). Registered app-wide by
 * AlbumsModule, as PhotosModule registers its own.
 */
@Catch(...ALBUM_RULE_ERRORS)
@Injectable()
export class AlbumExceptionFilter implements ExceptionFilter {
  private readonly answer = new HttpExceptionFilter();

  catch(error: AlbumRuleError, host: ArgumentsHost): void {
    this.answer.catch(albumHttpException(error), host);
  }
}
