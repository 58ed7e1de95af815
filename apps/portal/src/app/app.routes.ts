import { type Routes } from '@angular/router';

// Every feature is lazy: the initial bundle holds only the shell.
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Client Portal',
    loadComponent: () => import('./home/home.component').then((m) => m.HomeComponent),
  },
  { path: 'l', loadChildren: () => import('./link/link.routes').then((m) => m.LINK_ROUTES) },
  { path: 'tasks', loadChildren: () => import('./tasks/tasks.routes').then((m) => m.TASKS_ROUTES) },
  {
    path: 'account',
    loadChildren: () => import('./account/account.routes').then((m) => m.ACCOUNT_ROUTES),
  },
  { path: 'login', pathMatch: 'full', redirectTo: 'account/login' },
  { path: 'pin', loadChildren: () => import('./pin/pin.routes').then((m) => m.PIN_ROUTES) },
  // The staff workspace (issue 12): lazy as a whole, nothing of it in the client's bundle.
  {
    path: 'staff',
    loadChildren: () => import('./staff/staff.routes').then((m) => m.STAFF_ROUTES),
  },
  {
    path: '**',
    title: 'Page not found - Client Portal',
    loadComponent: () => import('./not-found/not-found.component').then((m) => m.NotFoundComponent),
  },
];
