import { type Routes } from '@angular/router';

export const PIN_ROUTES: Routes = [
  {
    path: '',
    title: 'Open tasks with a PIN - Client Portal',
    loadComponent: () => import('./pin-entry.component').then((m) => m.PinEntryComponent),
  },
];
