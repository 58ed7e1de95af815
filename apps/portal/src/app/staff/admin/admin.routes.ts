import { type Routes } from '@angular/router';
import { staffAdminGuard } from './admin.guard';

/** The admin pages under /staff/admin (issue 12): role `admin` only, see staffAdminGuard. */
export const ADMIN_ROUTES: Routes = [
  {
    path: 'not-allowed',
    title: 'Administrators only - Staff workspace',
    loadComponent: () => import('./not-allowed.component').then((m) => m.NotAllowedComponent),
  },
  {
    path: '',
    canActivateChild: [staffAdminGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'staff' },
      {
        path: 'staff',
        title: 'Staff users - Staff workspace',
        loadComponent: () => import('./staff-users.component').then((m) => m.StaffUsersComponent),
      },
      {
        path: 'integrations',
        title: 'Integration tokens - Staff workspace',
        loadComponent: () =>
          import('./integration-tokens.component').then((m) => m.IntegrationTokensComponent),
      },
      {
        path: 'webhooks',
        title: 'Webhooks - Staff workspace',
        loadComponent: () => import('./webhooks.component').then((m) => m.WebhooksComponent),
      },
    ],
  },
];
