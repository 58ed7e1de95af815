import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'cp-not-found',
  imports: [RouterLink],
  template: `
    <article class="card" data-testid="page-not-found">
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <p><a routerLink="/">Go to the start page</a></p>
    </article>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundComponent {}
