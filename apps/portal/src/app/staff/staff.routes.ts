import { type Routes } from '@angular/router';
import { staffAuthGuard } from './staff-auth.guard';

/**
 * The staff workspace (issue 12), lazy as a whole: none of it is in the client's bundle. Pages
 * inside the shell go in SHELL_PAGES (one line each); the shell's navigation lists its own links.
 */
export const SHELL_PAGES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'inbox' },
  {
    path: 'inbox',
    title: 'Inbox - Staff workspace',
    loadComponent: () => import('./inbox.component').then((m) => m.InboxComponent),
  },
  {
    path: 'templates',
    title: 'Templates - Staff workspace',
    loadComponent: () => import('./compose/templates.component').then((m) => m.TemplatesComponent),
  },
  {
    path: 'compose',
    title: 'Compose a task - Staff workspace',
    loadComponent: () => import('./compose/compose.component').then((m) => m.ComposeComponent),
  },
  {
    path: 'bulk',
    title: 'Bulk send - Staff workspace',
    loadComponent: () => import('./compose/bulk.component').then((m) => m.BulkComponent),
  },
  {
    path: 'clients',
    title: 'Clients - Staff workspace',
    loadComponent: () => import('./clients.component').then((m) => m.ClientsComponent),
  },
  {
    path: 'clients/:clientId',
    title: 'Client - Staff workspace',
    loadComponent: () => import('./client-page.component').then((m) => m.ClientPageComponent),
  },
  {
    path: 'clients/:clientId/tasks/:taskId',
    title: 'Task - Staff workspace',
    loadComponent: () => import('./task/staff-task.component').then((m) => m.StaffTaskComponent),
  },
  { path: 'admin', loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES) },
  {
    path: 'settings',
    title: 'My settings - Staff workspace',
    loadComponent: () =>
      import('./settings/my-settings.component').then((m) => m.MySettingsComponent),
  },
];

export const STAFF_ROUTES: Routes = [
  {
    path: 'sign-in',
    title: 'Staff sign-in - Client Portal',
    loadComponent: () => import('./staff-sign-in.component').then((m) => m.StaffSignInComponent),
  },
  {
    path: '',
    canActivate: [staffAuthGuard],
    loadComponent: () => import('./staff-shell.component').then((m) => m.StaffShellComponent),
    children: SHELL_PAGES,
  },
];
