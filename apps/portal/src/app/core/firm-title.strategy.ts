import { inject, Injectable } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { BrandingService } from './branding.service';

/** Page titles name the firm (issue 13): "Your tasks - Client Portal" → "Your tasks - Marks & Co". */
@Injectable()
export class FirmTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly branding = inject(BrandingService);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const name = this.branding.branding().name;
    const built = this.buildTitle(snapshot) ?? name;
    this.title.setTitle(built.replace(/Client Portal$/, name));
  }
}
