import { Injectable } from '@nestjs/common';

/** Whether this instance wants new traffic: false from the moment a shutdown starts. */
@Injectable()
export class Readiness {
  private draining = false;

  get accepting(): boolean {
    return !this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }
}
