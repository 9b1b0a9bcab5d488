import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InstanceInfoService } from './instance-info.service';

@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(private readonly instance: InstanceInfoService) {}

  /** Signed in or out is decided in the view from `currentUser` (set for every page). */
  @Get()
  @Render('pages/home')
  home(): { title: string } {
    return { title: 'Photos' };
  }

  @Get('info')
  @Render('pages/info')
  async info(): Promise<object> {
    return { title: 'Instance info', info: await this.instance.describe() };
  }
}
