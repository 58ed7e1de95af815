import { HttpClient } from '@angular/common/http';
import { DOCUMENT, inject, Injectable, Injector, signal } from '@angular/core';
import type { BrandingResponse } from '@app/contracts';
import { firstValueFrom } from 'rxjs';

/** What the shell shows until (or unless) GET /api/branding answers: neutral, in UTC. */
export const NEUTRAL_BRANDING: BrandingResponse = {
  name: 'Client Portal',
  logoUrl: null,
  primaryColor: '#1d3b5a',
  timeZone: 'UTC',
  contact: { phone: null, email: null, address: null, officeHours: '' },
};

/**
 * The firm's branding (issue 13), read once at start (app.config.ts waits for it): the name and
 * logo in the header, the primary colour as the CSS variable --color-brand, the contact footer
 * and the time zone every date is shown in (core/firm-time.ts).
 */
@Injectable({ providedIn: 'root' })
export class BrandingService {
  // Read when loading only: the date pipe needs the zone, not HTTP, wherever it is used.
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<BrandingResponse>(NEUTRAL_BRANDING);

  readonly branding = this.current.asReadonly();

  /** The firm's IANA time zone. */
  get timeZone(): string {
    return this.current().timeZone;
  }

  /** Never fails: without an answer the portal stays neutral. */
  async load(): Promise<void> {
    try {
      const http = this.injector.get(HttpClient);
      this.apply(await firstValueFrom(http.get<BrandingResponse>('/api/branding')));
    } catch {
      this.apply(NEUTRAL_BRANDING);
    }
  }

  apply(branding: BrandingResponse): void {
    this.current.set(branding);
    const root = this.document.documentElement;
    if (/^#[0-9a-fA-F]{6}$/.test(branding.primaryColor)) {
      root.style.setProperty('--color-brand', branding.primaryColor);
    }
  }
}
