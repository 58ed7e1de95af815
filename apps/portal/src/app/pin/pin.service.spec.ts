import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { PinService } from './pin.service';

describe('PinService', () => {
  it('posts the reference and PIN to /api/pin/sessions', () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    TestBed.inject(PinService).signIn({ reference: 'T-1', pin: '123456' }).subscribe();
    const req = http.expectOne('/api/pin/sessions');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ reference: 'T-1', pin: '123456' });
    http.verify();
  });
});
