import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Where a `staff` user lands on an admin page: what they tried, why not, and a way on. */
@Component({
  selector: 'cp-staff-admin-not-allowed',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Administrators only</h1>
    <div class="notice notice-error" role="alert" data-testid="staff-admin-not-allowed">
      <p>
        Only an administrator can manage staff users, integration tokens and webhooks. Ask an
        administrator of your firm if you need a change there.
      </p>
    </div>
    <p><a routerLink="/staff/inbox">Back to the inbox</a></p>
  `,
})
export class NotAllowedComponent {}
