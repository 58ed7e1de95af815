import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AccessLinkSentResponse,
  LinkStatusResponse,
  LinkTokenRequest,
  RedeemResponse,
} from '@app/contracts';
import { type Observable } from 'rxjs';

/** Calls for unique links. Only redeem() changes anything, and only a button press calls it. */
@Injectable({ providedIn: 'root' })
export class LinkService {
  private readonly http = inject(HttpClient);

  /** Pure read: what the link is and whose it is. */
  status(token: string): Observable<LinkStatusResponse> {
    return this.http.post<LinkStatusResponse>('/api/links/status', body(token));
  }

  /** Uses the link: this browser becomes the trusted device (the server sets its cookie). */
  redeem(token: string): Observable<RedeemResponse> {
    return this.http.post<RedeemResponse>('/api/links/redeem', body(token));
  }

  /** E-mails a fresh link to the link's original address. */
  sendAccessLink(token: string): Observable<AccessLinkSentResponse> {
    return this.http.post<AccessLinkSentResponse>('/api/links/access-link', body(token));
  }
}

function body(token: string): LinkTokenRequest {
  return { token };
}
