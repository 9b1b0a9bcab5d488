import { Module } from '@nestjs/common';
import { InstanceInfoService } from './instance-info.service';
import { PagesController } from './pages.controller';

@Module({ controllers: [PagesController], providers: [InstanceInfoService] })
export class PagesModule {}
