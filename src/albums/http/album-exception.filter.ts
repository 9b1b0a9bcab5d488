import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { HttpExceptionFilter } from '../../common/http-exception.filter';
import { AlbumNotFoundError, AlbumPhotoNotFoundError } from '../album-errors';

/** The album rules' errors, each of which `albumHttpException` maps. */
export const ALBUM_RULE_ERRORS = [AlbumNotFoundError, AlbumPhotoNotFoundError];

/** The one mapping from the album rules' errors to HTTP: everything "not yours" is a 404. */
export function albumHttpException(error: AlbumNotFoundError | AlbumPhotoNotFoundError) {
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

  catch(error: AlbumNotFoundError | AlbumPhotoNotFoundError, host: ArgumentsHost): void {
    this.answer.catch(albumHttpException(error), host);
  }
}
