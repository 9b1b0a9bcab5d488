import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ReturnAfterSignIn, SessionAuthGuard } from '../auth/guards/session-auth.guard';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { searchQuery, type SearchQuery } from '../photos/photo-input';
import { SearchPage, SearchView } from './search-page';

/** The header's search box lands here: HTTP in, HTTP out. */
@ApiExcludeController()
@Controller()
@UseGuards(SessionAuthGuard)
@ReturnAfterSignIn('/myphotos')
export class SearchPageController {
  constructor(private readonly page: SearchPage) {}

  @Get('search')
  @Render('pages/search')
  search(
    @CurrentUser() user: AuthenticatedUser,
    @Query(new ZodValidationPipe(searchQuery)) query: SearchQuery,
  ): Promise<SearchView> {
    return this.page.build(user, query);
  }
}
