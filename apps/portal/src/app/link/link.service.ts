import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AccessCodeRequest,
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

  /**
   * The 6-digit code from the access-link e-mail, typed in the browser that asked for it: this
   * browser becomes the trusted device (issue 14). Only a form submit calls it.
   */
  enterCode(token: string, code: string): Observable<RedeemResponse> {
    const request: AccessCodeRequest = { token, code };
    return this.http.post<RedeemResponse>('/api/links/access-code', request);
  }

  /** E-mails a fresh link and code, bound to this browser, to the link's original address. */
  sendAccessLink(token: string): Observable<AccessLinkSentResponse> {
    return this.http.post<AccessLinkSentResponse>('/api/links/access-link', body(token));
  }
}

function body(token: string): LinkTokenRequest {
  return { token };
}
