import { type Routes } from '@angular/router';

export const ACCOUNT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'devices' },
  {
    path: 'login',
    title: 'Log in - Client Portal',
    loadComponent: () => import('./sign-in.component').then((m) => m.SignInComponent),
  },
  {
    path: 'create',
    title: 'Create a login - Client Portal',
    loadComponent: () => import('./create-login.component').then((m) => m.CreateLoginComponent),
  },
  {
    path: 'devices',
    title: 'My devices and sessions - Client Portal',
    loadComponent: () => import('./my-access.component').then((m) => m.MyAccessComponent),
  },
];
