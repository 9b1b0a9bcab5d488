import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class DatabaseInfoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** e.g. "18.4" */
  async serverVersion(): Promise<string> {
    const rows: { server_version: string }[] = await this.dataSource.query('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  }
}
